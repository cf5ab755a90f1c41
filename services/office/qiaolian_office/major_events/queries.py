"""Reads of major events: the list with filters and each event's count of tasks and of tasks done."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import TaskState
from .tables import MajorEvent, MajorEventTask


def _counts() -> tuple[Any, Any]:
    t = MajorEventTask
    tasks = sa.select(sa.func.count()).where(t.event_id == MajorEvent.id).correlate(MajorEvent).scalar_subquery()
    done = (
        sa.select(sa.func.count())
        .where(t.event_id == MajorEvent.id, t.state == TaskState.done.value)
        .correlate(MajorEvent)
        .scalar_subquery()
    )
    return tasks.label("tasks"), done.label("tasks_done")


def events(*, state: str | None, from_on: date | None, to_on: date | None, office: str | None) -> sa.Select[Any]:
    """Events (with their task counts), earliest first; `office`: those with a task for that office."""
    e = MajorEvent
    where = filters((e.state, state), ranges=((e.starts_on, from_on, to_on),))
    if office is not None:
        where.append(sa.exists().where(MajorEventTask.event_id == e.id, MajorEventTask.office == office))
    return sa.select(e, *_counts()).where(*where).order_by(e.starts_on, e.id)


async def tasks(session: Any, event_id: str) -> list[MajorEventTask]:
    rows = await session.scalars(
        sa.select(MajorEventTask)
        .where(MajorEventTask.event_id == event_id)
        .order_by(MajorEventTask.due_on, MajorEventTask.id)
    )
    return list(rows)
