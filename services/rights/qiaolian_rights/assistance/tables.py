"""The budgets and applications of hardship assistance. Applicant, hardship and amounts stay here."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class AssistanceBudget(Base):
    __tablename__ = "assistance_budgets"

    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    amount_yuan: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AssistanceApplication(Base):
    __tablename__ = "assistance_applications"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    applicant_name: Mapped[str] = mapped_column(sa.String(100))
    applicant_status: Mapped[str] = mapped_column(sa.String(40))
    region: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    hardship: Mapped[str] = mapped_column(sa.Text)
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    requested_yuan: Mapped[int] = mapped_column(sa.Integer)
    applied_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    check_note: Mapped[str | None] = mapped_column(sa.Text)
    checked_on: Mapped[date | None] = mapped_column(sa.Date)
    approved_yuan: Mapped[int | None] = mapped_column(sa.Integer)
    approved_by: Mapped[str | None] = mapped_column(sa.String(100))
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    rejection_reason: Mapped[str | None] = mapped_column(sa.Text)
    disbursed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
