"""The fleet and its bookings."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Vehicle(Base):
    __tablename__ = "vehicles"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plate: Mapped[str] = mapped_column(sa.String(20), unique=True)
    seats: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class VehicleBooking(Base):
    """For a delegation visit (`visit_id`, booked from liaison's events) or by staff."""

    __tablename__ = "vehicle_bookings"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    vehicle_id: Mapped[str] = mapped_column(sa.ForeignKey("vehicles.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # staff bookings only
    purpose: Mapped[str | None] = mapped_column(sa.String(500))
    requested_by: Mapped[str | None] = mapped_column(sa.String(100))
    requesting_office: Mapped[str | None] = mapped_column(sa.String(20))
    odometer_out: Mapped[int | None] = mapped_column(sa.Integer)
    odometer_in: Mapped[int | None] = mapped_column(sa.Integer)
    dispatched_on: Mapped[date | None] = mapped_column(sa.Date)
    returned_on: Mapped[date | None] = mapped_column(sa.Date)
