"""Reads of programmes and registrations: seats taken, the waitlist in its order, the attendance list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.liaison import ProgrammeKind

from .rules import SEATED, RegistrationState
from .tables import Programme, Registration


async def seats(session: Any, programme_id: str) -> tuple[int, int]:
    """(seats taken, waitlisted) of a programme."""
    rows = (
        await session.execute(
            sa.select(Registration.state, sa.func.count())
            .where(Registration.programme_id == programme_id)
            .group_by(Registration.state)
        )
    ).all()
    by = dict(rows)
    return sum(by.get(s.value, 0) for s in SEATED), by.get(RegistrationState.waitlisted.value, 0)


def programmes(
    *, kind: ProgrammeKind | None, state: str | None, starting_from: date | None, starting_to: date | None
) -> sa.Select[Any]:
    """By start date."""
    return (
        sa.select(Programme)
        .where(
            *filters(
                (Programme.kind, kind),
                (Programme.state, state),
                ranges=((Programme.starts_on, starting_from, starting_to),),
            )
        )
        .order_by(Programme.starts_on, Programme.id)
    )


def registrations(programme_id: str, *, state: RegistrationState | None, country: str | None) -> sa.Select[Any]:
    """In registration order."""
    return (
        sa.select(Registration)
        .where(
            Registration.programme_id == programme_id,
            *filters(
                (Registration.state, state),
                (Registration.country, country),
            ),
        )
        .order_by(Registration.registered_at, Registration.id)
    )


def waitlist(programme_id: str) -> sa.Select[Any]:
    """The waitlisted registrations, first come first."""
    return (
        sa.select(Registration)
        .where(
            Registration.programme_id == programme_id,
            Registration.state == RegistrationState.waitlisted.value,
        )
        .order_by(Registration.registered_at, Registration.id)
    )


async def waitlist_positions(session: Any, programme_id: str) -> dict[str, int]:
    """Registration id -> its place on the waitlist, from 1."""
    ids: Sequence[str] = (await session.scalars(waitlist(programme_id).with_only_columns(Registration.id))).all()
    return {rid: i + 1 for i, rid in enumerate(ids)}


def attendance(programme_id: str) -> sa.Select[Any]:
    """The participants who checked in, by name."""
    return (
        sa.select(Registration)
        .where(
            Registration.programme_id == programme_id,
            Registration.state == RegistrationState.checked_in.value,
        )
        .order_by(Registration.name, Registration.id)
    )
