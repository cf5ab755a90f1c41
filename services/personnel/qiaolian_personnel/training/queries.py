"""Reads of training: plans, courses, trainees, and the hours completed per cadre."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.db import filters

from ..cadres.tables import Cadre
from .rules import TraineeState
from .tables import Course, Trainee, TrainingPlan


def plans(*, year: int | None = None) -> sa.Select[Any]:
    """Plans, the latest year first."""
    return sa.select(TrainingPlan).where(*filters((TrainingPlan.year, year))).order_by(TrainingPlan.year.desc())


async def plan_of_year(session: AsyncSession, year: int) -> TrainingPlan | None:
    return await session.scalar(sa.select(TrainingPlan).where(TrainingPlan.year == year))


def courses(*, plan_id: str | None = None, starts_after: date | None = None) -> sa.Select[Any]:
    """Courses, the first to start first."""
    after = [Course.starts_on > starts_after] if starts_after else []
    return sa.select(Course).where(*filters((Course.plan_id, plan_id)), *after).order_by(Course.starts_on, Course.id)


def trainees(course_id: str, *, state: TraineeState | None = None) -> sa.Select[Any]:
    """A course's trainees in the order they enrolled."""
    return (
        sa.select(Trainee)
        .where(Trainee.course_id == course_id, *filters((Trainee.state, state)))
        .order_by(Trainee.created_at, Trainee.id)
    )


def hours(plan: TrainingPlan, *, cadre_id: str | None = None, met: bool | None = None) -> sa.Select[Any]:
    """(id, name, hours) of each cadre trained under the plan, by name; `met`: only those who did (not)
    complete the plan's required hours."""
    total = sa.func.coalesce(sa.func.sum(Trainee.completed_hours), 0)
    columns: tuple[Any, ...] = (Cadre.id, Cadre.name, total.label("hours"))  # paginate() takes a Select[Any]
    stmt = (
        sa.select(*columns)
        .join(Trainee, Trainee.cadre_id == Cadre.id)
        .join(Course, Course.id == Trainee.course_id)
        .where(Course.plan_id == plan.id, *filters((Cadre.id, cadre_id)))
        .group_by(Cadre.id, Cadre.name)
        .order_by(Cadre.name, Cadre.id)
    )
    if met is not None:
        stmt = stmt.having(total >= plan.required_hours if met else total < plan.required_hours)
    return stmt
