"""office's tables: the supervision board, the fleet and its bookings, receptions, the staff directory."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from qiaolian_chassis.staff import StaffProjection
from qiaolian_chassis.tables import ChassisTables, UtcDateTime, new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


chassis = ChassisTables.on(Base.metadata)
directory = StaffProjection(Base.metadata, office=None)


class SupervisionItem(Base):
    """A deadline office watches: its own tasks later, the other offices' deadlines from their events."""

    __tablename__ = "supervision_items"
    __table_args__ = (sa.UniqueConstraint("kind", "source_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    source_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Vehicle(Base):
    __tablename__ = "vehicles"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plate: Mapped[str] = mapped_column(sa.String(20), unique=True)
    seats: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class VehicleBooking(Base):
    __tablename__ = "vehicle_bookings"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    vehicle_id: Mapped[str] = mapped_column(sa.ForeignKey("vehicles.id"), index=True)
    visit_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Reception(Base):
    __tablename__ = "receptions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    visit_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    association_name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


metadata = Base.metadata
