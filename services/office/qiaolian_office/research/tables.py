"""The yearly research plan: topics and their milestones."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class ResearchTopic(Base):
    __tablename__ = "research_topics"
    __table_args__ = (sa.Index("ix_research_topics_year", "plan_year", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plan_year: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(300))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)  # the owner office
    lead_id: Mapped[str] = mapped_column(sa.String(64))  # a cadre of the staff directory
    state: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    report_title: Mapped[str | None] = mapped_column(sa.String(300))
    report_summary: Mapped[str | None] = mapped_column(sa.String(4000))
    report_filed_on: Mapped[date | None] = mapped_column(sa.Date)


class ResearchMilestone(Base):
    __tablename__ = "research_milestones"
    __table_args__ = (sa.Index("ix_research_milestones_topic", "topic_id", "due_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    topic_id: Mapped[str] = mapped_column(sa.ForeignKey("research_topics.id"))
    title: Mapped[str] = mapped_column(sa.String(300))
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    done_on: Mapped[date | None] = mapped_column(sa.Date)
