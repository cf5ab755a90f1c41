"""Supervised tasks and their progress reports."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class SupervisionTask(Base):
    __tablename__ = "supervision_tasks"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    assigned_by: Mapped[str] = mapped_column(sa.String(100))
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    percent_done: Mapped[int] = mapped_column(sa.Integer)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TaskProgress(Base):
    __tablename__ = "supervision_task_progress"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    task_id: Mapped[str] = mapped_column(sa.ForeignKey("supervision_tasks.id"), index=True)
    reported_on: Mapped[date] = mapped_column(sa.Date)
    percent_done: Mapped[int] = mapped_column(sa.Integer)
    note: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
