"""Retirees' activities and attendance, benefits by policy, planned and recorded visits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class RetireeActivity(Base):
    __tablename__ = "retiree_activities"
    __table_args__ = (sa.Index("ix_retiree_activities_held", "held_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date)
    place: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RetireeActivityAttendance(Base):
    __tablename__ = "retiree_activity_attendance"
    __table_args__ = (sa.UniqueConstraint("activity_id", "cadre_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    activity_id: Mapped[str] = mapped_column(sa.ForeignKey("retiree_activities.id"), index=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"))


class RetireeBenefit(Base):
    """A benefit a retired cadre receives under a policy, for a period (personal: ACCESS.md)."""

    __tablename__ = "retiree_benefits"
    __table_args__ = (sa.Index("ix_retiree_benefits_cadre", "cadre_id", "period_from", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"))
    policy: Mapped[str] = mapped_column(sa.String(200))  # the policy document granting it
    kind: Mapped[str] = mapped_column(sa.String(30))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    period: Mapped[str] = mapped_column(sa.String(20))  # monthly, quarterly, yearly, once
    period_from: Mapped[date] = mapped_column(sa.Date)
    period_to: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RetireeVisit(Base):
    """A regular visit to a retired cadre: planned for a day (watched), then recorded or cancelled."""

    __tablename__ = "retiree_visits"
    __table_args__ = (sa.Index("ix_retiree_visits_planned", "planned_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    planned_on: Mapped[date] = mapped_column(sa.Date)
    by_cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"))  # the serving cadre who visits
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # planned, visited, cancelled
    visited_on: Mapped[date | None] = mapped_column(sa.Date)
    notes: Mapped[str | None] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
