"""Assessments, pay changes and retiree care: lines of a cadre's record."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        sa.UniqueConstraint("cadre_id", "year"),
        sa.Index("ix_assessments_year_cadre", "year", "cadre_id"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    grade: Mapped[str] = mapped_column(sa.String(30))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PayChange(Base):
    __tablename__ = "pay_changes"
    __table_args__ = (sa.Index("ix_pay_changes_effective", "effective_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    effective_on: Mapped[date] = mapped_column(sa.Date)
    amount_before: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    amount_after: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    reason: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RetireeCare(Base):
    """A visit to, an activity of, or a benefit granted to a retired cadre."""

    __tablename__ = "retiree_care"
    __table_args__ = (sa.Index("ix_retiree_care_on", "on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # visit, activity, benefit
    on: Mapped[date] = mapped_column(sa.Date)
    title: Mapped[str] = mapped_column(sa.String(500))
    benefit: Mapped[str | None] = mapped_column(sa.String(30))
    amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    by_cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
