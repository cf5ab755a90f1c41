"""Reads of associations, key persons, roles and the interaction log, and the likely duplicates of a name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi import Request
from pydantic import BaseModel, Field

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.db import filters
from qiaolian_chassis.service import audit_read
from qiaolian_contracts.access import Role
from qiaolian_contracts.events.liaison import ContactKind, InteractionKind, MemberRole

from .rules import (
    AssociationStatus,
    Probe,
    association_probe,
    person_probe,
    romanised_name,
    score,
)
from .tables import ASSOCIATION_NAMES, PERSON_NAMES, Appointment, Association, Interaction, Person

# ACCESS.md: persons' phones, e-mails, addresses and the notes of interactions are shown to liaison's
# staff and the leaders only; everyone else gets them as None (today only those roles hold liaison.read,
# so the shaping is the second line of defence behind the route's permission)
PERSONAL_VISIBLE_TO = frozenset({Role.liaison_clerk, Role.liaison_head, Role.leader})
PERSON_CONTACTS = ("phone", "email", "address")
INTERACTION_NOTES = ("notes",)


def sees_personal(who: Principal) -> bool:
    return bool(who.roles & PERSONAL_VISIBLE_TO)


async def audit_shown(request: Request, rows: Sequence[Any], fields: Sequence[str]) -> None:
    """Audit the personal `fields` the response carries with a value, one row per record shown."""
    by_fields: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        shown = tuple(f for f in fields if getattr(row, f) is not None)
        if shown:
            by_fields.setdefault(shown, []).append(str(row.id))
    for shown, ids in by_fields.items():
        await audit_read(request, ids, shown)


class Duplicate(BaseModel):
    id: str
    name_zh: str | None
    name_romanised: str | None
    country: str
    matched_on: str = Field(description="name_zh or name_romanised: the surer of the names that matched")
    score: float = Field(ge=0, le=1, description="how likely the same: 1 the Chinese names as written")
    matched: list[str] = Field(
        description="what matched: name_zh, traditional_simplified (only once folded), name_romanised, "
        "surname_romanisation (only once the surname's romanisations are folded)"
    )


def _duplicate(
    row: Association | Person,
    zh: str | None,
    rom: str | None,
    name_romanised: str | None,
    probe: Probe | None,
    candidate: Probe,
) -> Duplicate:
    zh_matched = bool(zh) and row.zh_key == zh
    value, matched = score(
        probe or candidate, candidate, zh_matched=zh_matched, romanised_matched=bool(rom) and row.romanised_key == rom
    )
    return Duplicate(
        id=row.id,
        name_zh=row.name_zh,
        name_romanised=name_romanised,
        country=row.country,
        matched_on="name_zh" if zh_matched else "name_romanised",
        score=value,
        matched=matched,
    )


def _ranked(found: list[Duplicate]) -> list[Duplicate]:
    return sorted(found, key=lambda d: (-d.score, d.id))


def _same_name(
    model: type[Association] | type[Person], *, country: str, zh: str | None, rom: str | None, exclude: str | None
) -> sa.Select[Any] | None:
    keys = [
        c
        for c in ((model.zh_key == zh) if zh else None, (model.romanised_key == rom) if rom else None)
        if c is not None
    ]
    if not keys:
        return None
    return (
        sa.select(model)
        .where(model.country == country, model.merged_into.is_(None), model.id != (exclude or ""), sa.or_(*keys))
        .order_by(model.id)
    )


async def association_duplicates(
    session: Any,
    *,
    country: str,
    zh: str | None,
    rom: str | None,
    exclude: str | None = None,
    probe: Probe | None = None,
) -> list[Duplicate]:
    """Live associations of `country` with the same Chinese or romanised name key, the likeliest first
    (`probe`: the name as written, for the score)."""
    stmt = _same_name(Association, country=country, zh=zh, rom=rom, exclude=exclude)
    if stmt is None:
        return []
    rows = (await session.scalars(stmt)).all()
    return _ranked(
        [_duplicate(r, zh, rom, r.name_romanised, probe, association_probe(r.name_zh, r.name_romanised)) for r in rows]
    )


async def person_duplicates(
    session: Any,
    *,
    country: str,
    zh: str | None,
    rom: str | None,
    exclude: str | None = None,
    probe: Probe | None = None,
) -> list[Duplicate]:
    """Live persons of `country` with the same Chinese or romanised name key, the likeliest first
    (`probe`: the name as written, for the score)."""
    stmt = _same_name(Person, country=country, zh=zh, rom=rom, exclude=exclude)
    if stmt is None:
        return []
    rows = (await session.scalars(stmt)).all()
    return _ranked(
        [
            _duplicate(
                r,
                zh,
                rom,
                romanised_name(r.family_name, r.given_name),
                probe,
                person_probe(r.name_zh, r.family_name, r.given_name),
            )
            for r in rows
        ]
    )


def associations(
    *,
    country: str | None,
    field: str | None,
    status: AssociationStatus | None,
    hometown: str | None,
    q: str | None,
    include_merged: bool,
) -> sa.Select[Any]:
    stmt = sa.select(Association).where(
        *filters(
            (Association.country, country),
            (Association.field, field),
            (Association.status, status),
            (Association.hometown, hometown),
        )
    )
    if q:
        stmt = stmt.where(ASSOCIATION_NAMES.matches(Association, q))
    if not include_merged:
        stmt = stmt.where(Association.merged_into.is_(None))
    return stmt.order_by(Association.country, Association.id)


def persons(
    *,
    country: str | None,
    field: str | None,
    association_id: str | None,
    role: MemberRole | None,
    hometown: str | None,
    include_merged: bool,
    q: str | None = None,
) -> sa.Select[Any]:
    stmt = sa.select(Person).where(
        *filters(
            (Person.country, country),
            (Person.field, field),
            (Person.association_id, association_id),
            (Person.hometown, hometown),
        )
    )
    if q:  # a part of the Chinese, family or given name
        stmt = stmt.where(PERSON_NAMES.matches(Person, q))
    if role:  # who holds the role now
        stmt = stmt.where(
            Person.id.in_(
                sa.select(Appointment.person_id).where(Appointment.role == role.value, Appointment.state == "active")
            )
        )
    if not include_merged:
        stmt = stmt.where(Person.merged_into.is_(None))
    return stmt.order_by(Person.country, Person.id)


def appointments(
    *, person_id: str | None, role: MemberRole | None, state: str | None, term_ends_before: date | None
) -> sa.Select[Any]:
    stmt = sa.select(Appointment).where(
        *filters((Appointment.person_id, person_id), (Appointment.role, role), (Appointment.state, state))
    )
    if term_ends_before:
        stmt = stmt.where(Appointment.term_ends_on < term_ends_before)
    return stmt.order_by(Appointment.term_ends_on, Appointment.id)


def interactions(
    *,
    contact_id: str | None,
    contact_kind: ContactKind | None,
    kind: InteractionKind | None,
    staff_cadre_id: str | None,
    occurred_from: date | None,
    occurred_to: date | None,
) -> sa.Select[Any]:
    """Newest first."""
    return (
        sa.select(Interaction)
        .where(
            *filters(
                (Interaction.contact_id, contact_id),
                (Interaction.contact_kind, contact_kind),
                (Interaction.kind, kind),
                (Interaction.staff_cadre_id, staff_cadre_id),
                ranges=((Interaction.occurred_on, occurred_from, occurred_to),),
            )
        )
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
    )
