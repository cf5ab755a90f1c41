"""The reports the affiliated bodies owe the office."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class AffiliateReport(Base):
    __tablename__ = "affiliate_reports"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    body: Mapped[str] = mapped_column(sa.String(30), index=True)  # an AffiliatedBody
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # annual_report or major_matter
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    subject: Mapped[str] = mapped_column(sa.String(200))  # what is to be reported (stays in rights)
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # expected, received
    received_on: Mapped[date | None] = mapped_column(sa.Date)
    summary: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
