"""Reads of work plans (with the number of items in each state) and their items."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import WorkPlan, WorkPlanItem


async def item_counts(session: Any, plan_id: str) -> dict[str, int]:
    """Item state -> how many items of the plan are in it."""
    rows = (
        await session.execute(
            sa.select(WorkPlanItem.state, sa.func.count())
            .where(WorkPlanItem.plan_id == plan_id)
            .group_by(WorkPlanItem.state)
        )
    ).all()
    return {s: int(n) for s, n in rows}


def plans(*, year: int | None, state: str | None) -> sa.Select[Any]:
    """Latest year first."""
    return (
        sa.select(WorkPlan)
        .where(*filters((WorkPlan.year, year), (WorkPlan.state, state)))
        .order_by(WorkPlan.year.desc())
    )


def items(plan_id: str, *, state: str | None, overdue_on: date | None) -> sa.Select[Any]:
    """By due date; `overdue_on`: the items still planned that were due before that day."""
    stmt = sa.select(WorkPlanItem).where(WorkPlanItem.plan_id == plan_id, *filters((WorkPlanItem.state, state)))
    if overdue_on:
        stmt = stmt.where(WorkPlanItem.state == "planned", WorkPlanItem.due_on < overdue_on)
    return stmt.order_by(WorkPlanItem.due_on, WorkPlanItem.id)
