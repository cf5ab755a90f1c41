"""Outbound trips and the decisions on them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class OutboundTrip(Base):
    __tablename__ = "outbound_trips"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    destinations: Mapped[str] = mapped_column(sa.String(200))  # codes, comma-separated
    purpose: Mapped[str] = mapped_column(sa.Text)
    inviting_organisation: Mapped[str] = mapped_column(sa.String(300))
    departs_on: Mapped[date] = mapped_column(sa.Date, index=True)
    returns_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    applied_on: Mapped[date] = mapped_column(sa.Date)
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    rejected_on: Mapped[date | None] = mapped_column(sa.Date)
    passport_number: Mapped[str | None] = mapped_column(sa.String(20))  # never on the bus or in lists unmasked
    passport_issued_on: Mapped[date | None] = mapped_column(sa.Date)
    passport_due_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    passport_returned_on: Mapped[date | None] = mapped_column(sa.Date)
    report: Mapped[str | None] = mapped_column(sa.Text)
    report_filed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TripDecision(Base):
    """One step of the approval chain, approved or rejected; a step is decided once. A withdrawal is a row
    of step `withdraw` (not approved; `note` is its reason)."""

    __tablename__ = "outbound_trip_decisions"
    __table_args__ = (sa.UniqueConstraint("trip_id", "step"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    trip_id: Mapped[str] = mapped_column(sa.ForeignKey("outbound_trips.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(40))
    approved: Mapped[bool] = mapped_column(sa.Boolean)
    decided_by: Mapped[str] = mapped_column(sa.String(100))
    decided_on: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
