"""Reads of supervised tasks: the list with filters, and one task with its progress reports."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import TaskState
from .tables import SupervisionTask, TaskProgress


def tasks(
    *, office: Office | None, state: TaskState | None, overdue: bool | None, due_before: date | None, on: date
) -> sa.Select[Any]:
    """Tasks with the filters given, open first, then by due date."""
    t = SupervisionTask
    where = filters((t.office, office), (t.state, state))
    if overdue is not None:
        late = sa.and_(t.state == TaskState.open.value, t.due_on < on)
        where.append(late if overdue else sa.not_(late))
    if due_before:
        where.append(t.due_on < due_before)
    return sa.select(t).where(*where).order_by(t.state.desc(), t.due_on, t.id)


async def progress(session: Any, task_id: str) -> list[TaskProgress]:
    return list(
        (
            await session.scalars(
                sa.select(TaskProgress)
                .where(TaskProgress.task_id == task_id)
                .order_by(TaskProgress.reported_on, TaskProgress.created_at)
            )
        ).all()
    )
