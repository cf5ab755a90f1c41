"""Reads of duty rosters: rosters, duties (who is on duty), swaps, the duty log."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from ..database import directory
from .rules import Outcome, RosterState
from .tables import DutyAssignment, DutyLogEntry, DutyRoster, DutySwap


async def duties(session: Any, roster_id: str) -> list[DutyAssignment]:
    """A roster's duties, day by day and slot by slot."""
    return list(
        (
            await session.scalars(
                sa.select(DutyAssignment)
                .where(DutyAssignment.roster_id == roster_id)
                .order_by(DutyAssignment.duty_on, DutyAssignment.slot)
            )
        ).all()
    )


async def swaps(session: Any, roster_id: str) -> list[DutySwap]:
    return list(
        (
            await session.scalars(
                sa.select(DutySwap).where(DutySwap.roster_id == roster_id).order_by(DutySwap.recorded_at, DutySwap.id)
            )
        ).all()
    )


async def on_staff(session: Any, cadre_ids: list[str]) -> set[str]:
    """Those of `cadre_ids` still on the staff (in the directory)."""
    c = directory.table.c.cadre_id
    return set((await session.scalars(sa.select(c).where(c.in_(cadre_ids)))).all())


def rosters(*, state: RosterState | None, holiday: str | None, year: int | None, on: date | None) -> sa.Select[Any]:
    """Rosters with the filters given (`on`: covering that day), latest period first."""
    r = DutyRoster
    where = filters((r.state, state), (r.holiday, holiday), (r.year, year))
    if on:
        where.append(sa.and_(r.starts_on <= on, r.ends_on >= on))
    return sa.select(r).where(*where).order_by(r.starts_on.desc(), r.id)


def assignments(
    *,
    state: RosterState | None,
    cadre_id: str | None,
    roster_id: str | None,
    on: date | None,
    from_on: date | None,
    to_on: date | None,
    staffed: bool | None,
) -> sa.Select[DutyAssignment, bool]:
    """Rows of (duty, its cadre still on the staff) with the filters given, by day and slot."""
    a = DutyAssignment
    staff = directory.table.c.cadre_id
    where = filters(
        (DutyRoster.state, state),
        (a.cadre_id, cadre_id),
        (a.roster_id, roster_id),
        (a.duty_on, on),
        ranges=((a.duty_on, from_on, to_on),),
    )
    if staffed is not None:
        where.append(staff.is_not(None) if staffed else staff.is_(None))
    return (
        sa.select(a, staff.is_not(None))
        .join(DutyRoster)
        .outerjoin(directory.table, staff == a.cadre_id)
        .where(*where)
        .order_by(a.duty_on, a.slot, a.id)
    )


def log_entries(
    *,
    roster_id: str | None,
    cadre_id: str | None,
    duty_on: date | None,
    from_on: date | None,
    to_on: date | None,
    outcome: Outcome | None,
) -> sa.Select[Any]:
    """The duty log with the filters given, in the order things happened."""
    e = DutyLogEntry
    return (
        sa.select(e)
        .where(
            *filters(
                (e.roster_id, roster_id),
                (e.cadre_id, cadre_id),
                (e.duty_on, duty_on),
                (e.outcome, outcome),
                ranges=((e.duty_on, from_on, to_on),),
            )
        )
        .order_by(e.occurred_at, e.id)
    )
