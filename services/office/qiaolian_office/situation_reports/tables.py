"""Situation reports."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class SituationReport(Base):
    __tablename__ = "situation_reports"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    contributed_on: Mapped[date] = mapped_column(sa.Date, index=True)
    approved_by: Mapped[str | None] = mapped_column(sa.String(100))
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    submitted_on: Mapped[date | None] = mapped_column(sa.Date)
    instruction: Mapped[str | None] = mapped_column(sa.Text)
    instructed_by: Mapped[str | None] = mapped_column(sa.String(100))
    instructed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
