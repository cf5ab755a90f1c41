"""Duty rosters, their duties, the swaps recorded and the duty log."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class DutyRoster(Base):
    __tablename__ = "duty_rosters"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    holiday: Mapped[str | None] = mapped_column(sa.String(100), index=True)  # the calendar's code
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    starts_on: Mapped[date] = mapped_column(sa.Date, index=True)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    per_day: Mapped[int] = mapped_column(sa.Integer)
    offices: Mapped[list[str] | None] = mapped_column(sa.JSON)  # drawn only from these offices
    pool: Mapped[list[str] | None] = mapped_column(sa.JSON)  # drawn only from these cadres
    unavailable: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON)  # [{cadre_id, from_on, to_on}]
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    prepared_by: Mapped[str] = mapped_column(sa.String(100))
    published_by: Mapped[str | None] = mapped_column(sa.String(100))
    published_on: Mapped[date | None] = mapped_column(sa.Date)
    cancelled_on: Mapped[date | None] = mapped_column(sa.Date)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DutyAssignment(Base):
    """One duty; name and office are as the directory had them when the cadre was put on duty."""

    __tablename__ = "duty_assignments"
    __table_args__ = (
        sa.UniqueConstraint("roster_id", "duty_on", "slot", name="uq_duty_assignments_slot"),
        # the same-day rule within a roster, held by the database too
        sa.UniqueConstraint("roster_id", "duty_on", "cadre_id", name="uq_duty_assignments_cadre_day"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    roster_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_rosters.id"), index=True)
    duty_on: Mapped[date] = mapped_column(sa.Date, index=True)
    slot: Mapped[int] = mapped_column(sa.Integer)
    cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    office: Mapped[str] = mapped_column(sa.String(20))


class DutySwap(Base):
    __tablename__ = "duty_swaps"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    roster_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_rosters.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # exchange | handover
    assignment_id: Mapped[str] = mapped_column(sa.String(64))
    other_assignment_id: Mapped[str | None] = mapped_column(sa.String(64))
    from_cadre_id: Mapped[str] = mapped_column(sa.String(64))
    to_cadre_id: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by: Mapped[str] = mapped_column(sa.String(100))
    after_publication: Mapped[bool] = mapped_column(sa.Boolean)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DutyLogEntry(Base):
    __tablename__ = "duty_log"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    roster_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_rosters.id"), index=True)
    assignment_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_assignments.id"))
    duty_on: Mapped[date] = mapped_column(sa.Date, index=True)
    cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    summary: Mapped[str] = mapped_column(sa.Text)
    outcome: Mapped[str] = mapped_column(sa.String(20), index=True)
    escalated_to: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
