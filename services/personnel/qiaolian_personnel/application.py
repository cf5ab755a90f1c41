"""personnel's command handlers for cadre records and the establishment (編制)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.errors import Invalid, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import (
    CadreAppointed,
    CadreRemoved,
    CadreRetired,
    CadreTransferred,
    RemovalReason,
)
from qiaolian_contracts.ids import new_id

from .domain import CadreState, PostLevel, check_establishment, level_of_title, require_cadre
from .persistence import Appointment, Cadre, Establishment

APPOINTED = "qiaolian.personnel.cadre.appointed.v1"
TRANSFERRED = "qiaolian.personnel.cadre.transferred.v1"
REMOVED = "qiaolian.personnel.cadre.removed.v1"
RETIRED = "qiaolian.personnel.cadre.retired.v1"


async def register_cadre(uow: UnitOfWork, *, name: str, gender: str | None, birth_date: date | None) -> Cadre:
    cadre = Cadre(id=new_id(), name=name, gender=gender, birth_date=birth_date, state=CadreState.unassigned.value,
                  created_at=uow.now)
    uow.session.add(cadre)
    return cadre


async def _cadre(uow: UnitOfWork, cadre_id: str) -> Cadre:
    cadre = await uow.session.get(Cadre, cadre_id, with_for_update=True)
    if cadre is None:
        raise NotFound(f"cadre {cadre_id} not found")
    return cadre


async def _level(uow: UnitOfWork, office: Office, post: str, post_level: PostLevel | None) -> str | None:
    """The level the post counts against: given, or named by the title; required once the office has an
    approved establishment (an unknown level could otherwise slip past it)."""
    level = post_level or level_of_title(post)
    if level is None:
        configured = await uow.session.scalar(
            sa.select(sa.func.count()).select_from(Establishment).where(Establishment.office == office.value))
        if configured:
            raise Invalid("post_level", f"required: {office.value} has an approved establishment and the post "
                                        f"title names no level")
        return None
    return level.value


async def _check_slot(uow: UnitOfWork, office: Office, level: str | None, cadre_id: str) -> None:
    if level is None:
        return
    approved = await uow.session.scalar(sa.select(Establishment.approved).where(
        Establishment.office == office.value, Establishment.post_level == level).with_for_update())
    occupied = await uow.session.scalar(sa.select(sa.func.count()).select_from(Cadre).where(
        Cadre.state == CadreState.in_post.value, Cadre.office == office.value, Cadre.post_level == level,
        Cadre.id != cadre_id))
    check_establishment(office.value, level, approved, int(occupied or 0))


async def appoint(uow: UnitOfWork, cadre_id: str, *, office: Office, post: str, effective_on: date,
                  post_level: PostLevel | None = None) -> Appointment:
    cadre = await _cadre(uow, cadre_id)
    require_cadre(CadreState(cadre.state), "appoint")
    level = await _level(uow, office, post, post_level)
    await _check_slot(uow, office, level, cadre.id)
    appointment = Appointment(id=new_id(), cadre_id=cadre.id, kind="appointment", office=office.value, post=post,
                              post_level=level, effective_on=effective_on, created_at=uow.now)
    cadre.office, cadre.post, cadre.post_level, cadre.state = office.value, post, level, CadreState.in_post.value
    uow.session.add(appointment)
    uow.emit(cadre.id, CadreAppointed(
        cadre_id=cadre.id, appointment_id=appointment.id, name=cadre.name, office=office, post=post,
        effective_on=effective_on,
    ))
    return appointment


async def transfer(uow: UnitOfWork, cadre_id: str, *, office: Office, post: str, effective_on: date,
                   post_level: PostLevel | None = None) -> Appointment:
    cadre = await _cadre(uow, cadre_id)
    require_cadre(CadreState(cadre.state), "transfer")
    if cadre.office == office.value and cadre.post == post:
        raise Invalid("post", "the cadre already holds this post in this office")
    level = await _level(uow, office, post, post_level)
    await _check_slot(uow, office, level, cadre.id)
    from_office = Office(cadre.office)
    appointment = Appointment(id=new_id(), cadre_id=cadre.id, kind="transfer", office=office.value, post=post,
                              post_level=level, effective_on=effective_on, created_at=uow.now)
    cadre.office, cadre.post, cadre.post_level = office.value, post, level
    uow.session.add(appointment)
    uow.emit(cadre.id, CadreTransferred(
        cadre_id=cadre.id, appointment_id=appointment.id, name=cadre.name, from_office=from_office,
        office=office, post=post, effective_on=effective_on))
    return appointment


async def remove(uow: UnitOfWork, cadre_id: str, *, reason: RemovalReason, effective_on: date) -> Appointment:
    cadre = await _cadre(uow, cadre_id)
    require_cadre(CadreState(cadre.state), "remove")
    office = Office(cadre.office)
    line = Appointment(id=new_id(), cadre_id=cadre.id, kind="removal", office=office.value, post=cadre.post,
                       post_level=cadre.post_level, reason=reason.value, effective_on=effective_on, created_at=uow.now)
    cadre.office = cadre.post = cadre.post_level = None
    cadre.state, cadre.left_on, cadre.left_reason = CadreState.unassigned.value, effective_on, reason.value
    uow.session.add(line)
    uow.emit(cadre.id, CadreRemoved(cadre_id=cadre.id, office=office, reason=reason,
                                             effective_on=effective_on))
    return line


async def retire(uow: UnitOfWork, cadre_id: str, *, retired_on: date) -> Cadre:
    cadre = await _cadre(uow, cadre_id)
    require_cadre(CadreState(cadre.state), "retire")
    office = Office(cadre.office) if cadre.office else None
    if office is not None:
        uow.session.add(Appointment(id=new_id(), cadre_id=cadre.id, kind="retirement", office=office.value,
                                    post=cadre.post, post_level=cadre.post_level, reason="retired",
                                    effective_on=retired_on, created_at=uow.now))
    cadre.office = cadre.post = cadre.post_level = None
    cadre.state, cadre.left_on, cadre.left_reason = CadreState.retired.value, retired_on, "retired"
    uow.emit(cadre.id, CadreRetired(cadre_id=cadre.id, office=office, retired_on=retired_on))
    return cadre


async def set_establishment(uow: UnitOfWork, *, office: Office, post_level: PostLevel, approved: int) -> Establishment:
    row = await uow.session.get(Establishment, (office.value, post_level.value), with_for_update=True)
    if row is None:
        row = Establishment(office=office.value, post_level=post_level.value, approved=approved, updated_at=uow.now)
        uow.session.add(row)
    else:
        row.approved, row.updated_at = approved, uow.now
    return row


async def establishment(session: sa.ext.asyncio.AsyncSession, office: Office | None) -> list[dict[str, object]]:
    """Approved, occupied and vacant slots per office and level: every configured pair, and every pair
    someone occupies without an approved number (approved and vacant are then null)."""
    where_e = [Establishment.office == office.value] if office else []
    where_c = [Cadre.office == office.value] if office else []
    approved = {(r.office, r.post_level): r.approved for r in (await session.scalars(
        sa.select(Establishment).where(*where_e))).all()}
    occupied = {(o, lvl or "unclassified"): int(n) for o, lvl, n in (await session.execute(
        sa.select(Cadre.office, Cadre.post_level, sa.func.count()).where(Cadre.state == CadreState.in_post.value,
                                                                         *where_c)
        .group_by(Cadre.office, Cadre.post_level))).all()}
    rows = []
    for key in sorted(set(approved) | set(occupied)):
        a, o = approved.get(key), occupied.get(key, 0)
        rows.append({"office": key[0], "post_level": key[1], "approved": a, "occupied": o,
                     "vacant": None if a is None else max(0, a - o),
                     "over_establishment": 0 if a is None else max(0, o - a)})
    return rows
