"""Major events and their tasks."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class MajorEvent(Base):
    __tablename__ = "major_events"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date, index=True)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    venue: Mapped[str] = mapped_column(sa.String(200))
    leader_ids: Mapped[str] = mapped_column(sa.String(1000))  # cadre ids of the directory, comma-separated
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    held_on: Mapped[date | None] = mapped_column(sa.Date)
    cancelled_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MajorEventTask(Base):
    __tablename__ = "major_event_tasks"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(sa.ForeignKey("major_events.id"), index=True)
    office: Mapped[str] = mapped_column(sa.String(20), index=True)  # the office it is assigned to
    title: Mapped[str] = mapped_column(sa.String(200))  # shown on the board: no personal data
    due_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20))
    done_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
