"""Setting the approved slots, and the checks an appointment or transfer makes against them."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office

from ..cadres.rules import CadreState
from ..cadres.tables import Cadre
from .rules import PostLevel, check_establishment, level_of_title
from .tables import Establishment


@dataclass(frozen=True)
class SetEstablishment:
    office: Office
    post_level: PostLevel
    approved: int


async def set_establishment(uow: UnitOfWork, cmd: SetEstablishment) -> Establishment:
    row: Establishment | None = await uow.session.get(
        Establishment, (cmd.office.value, cmd.post_level.value), with_for_update=True
    )
    if row is None:
        row = Establishment(
            office=cmd.office.value, post_level=cmd.post_level.value, approved=cmd.approved, updated_at=uow.now
        )
        uow.session.add(row)
    else:
        row.approved, row.updated_at = cmd.approved, uow.now
    return row


async def post_level(uow: UnitOfWork, office: Office, post: str, given: PostLevel | None) -> str | None:
    """The level the post counts against: given, or named by the title; required once the office has an
    approved establishment (an unknown level could otherwise slip past it)."""
    level = given or level_of_title(post)
    if level is None:
        configured = await uow.session.scalar(
            sa.select(sa.func.count()).select_from(Establishment).where(Establishment.office == office.value)
        )
        if configured:
            raise Invalid(
                "post_level",
                f"required: {office.value} has an approved establishment and the post title names no level",
            )
        return None
    return level.value


async def check_vacancy(uow: UnitOfWork, office: Office, level: str | None, cadre_id: str) -> None:
    """409 unless the office has a slot at `level` for the cadre (locking the approved number)."""
    if level is None:
        return
    approved = await uow.session.scalar(
        sa.select(Establishment.approved)
        .where(Establishment.office == office.value, Establishment.post_level == level)
        .with_for_update()
    )
    occupied = await uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(Cadre)
        .where(
            Cadre.state == CadreState.in_post.value,
            Cadre.office == office.value,
            Cadre.post_level == level,
            Cadre.id != cadre_id,
        )
    )
    check_establishment(office.value, level, approved, int(occupied or 0))
