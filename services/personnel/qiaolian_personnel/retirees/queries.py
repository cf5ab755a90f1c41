"""Reads of retirees' activities (with attendance), benefits and visits (overdue: planned, past the day)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.db import filters

from .rules import VisitState
from .tables import RetireeActivity, RetireeActivityAttendance, RetireeBenefit, RetireeVisit


def activities(*, held_after: date | None = None, held_before: date | None = None) -> sa.Select[Any]:
    return (
        sa.select(RetireeActivity)
        .where(*filters(ranges=((RetireeActivity.held_on, held_after, held_before),)))
        .order_by(RetireeActivity.held_on.desc(), RetireeActivity.id)
    )


async def attendees(session: AsyncSession, activity_ids: list[str]) -> dict[str, list[str]]:
    rows = await session.execute(
        sa.select(RetireeActivityAttendance.activity_id, RetireeActivityAttendance.cadre_id)
        .where(RetireeActivityAttendance.activity_id.in_(activity_ids))
        .order_by(RetireeActivityAttendance.cadre_id)
    )
    out: dict[str, list[str]] = {i: [] for i in activity_ids}
    for activity_id, cadre_id in rows.all():
        out[activity_id].append(cadre_id)
    return out


def benefits(*, cadre_id: str | None = None, kind: str | None = None, active_on: date | None = None) -> sa.Select[Any]:
    """Benefits, the latest period first; `active_on`: those whose period covers the day."""
    stmt = sa.select(RetireeBenefit).where(*filters((RetireeBenefit.cadre_id, cadre_id), (RetireeBenefit.kind, kind)))
    if active_on is not None:
        stmt = stmt.where(
            RetireeBenefit.period_from <= active_on,
            sa.or_(RetireeBenefit.period_to.is_(None), RetireeBenefit.period_to >= active_on),
        )
    return stmt.order_by(RetireeBenefit.period_from.desc(), RetireeBenefit.id)


def visits(
    *, cadre_id: str | None = None, state: VisitState | None = None, overdue_on: date | None = None
) -> sa.Select[Any]:
    """Visits, the soonest planned first; `overdue_on`: still planned for a day before it."""
    stmt = sa.select(RetireeVisit).where(*filters((RetireeVisit.cadre_id, cadre_id), (RetireeVisit.state, state)))
    if overdue_on is not None:
        stmt = stmt.where(RetireeVisit.state == VisitState.planned.value, RetireeVisit.planned_on < overdue_on)
    return stmt.order_by(RetireeVisit.planned_on, RetireeVisit.id)
