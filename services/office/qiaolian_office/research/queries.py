"""Reads of the research plan: topics with filters, a topic's milestones, overdue milestones."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import TopicState
from .tables import ResearchMilestone, ResearchTopic


def topics(
    *, plan_year: int | None, office: Office | None, state: str | None, overdue: bool | None, on: date
) -> sa.Select[Any]:
    """Topics with the filters given (overdue: planned, with a milestone past due and not done)."""
    t, m = ResearchTopic, ResearchMilestone
    where = filters((t.plan_year, plan_year), (t.office, office), (t.state, state))
    if overdue is not None:
        late = sa.and_(
            t.state == TopicState.planned.value,
            sa.exists().where(m.topic_id == t.id, m.done_on.is_(None), m.due_on < on),
        )
        where.append(late if overdue else sa.not_(late))
    return sa.select(t).where(*where).order_by(t.plan_year.desc(), t.id)


async def milestones_of(session: Any, topic_id: str) -> list[ResearchMilestone]:
    m = ResearchMilestone
    return list((await session.scalars(sa.select(m).where(m.topic_id == topic_id).order_by(m.due_on, m.id))).all())
