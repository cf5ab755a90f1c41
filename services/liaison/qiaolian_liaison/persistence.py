"""liaison's tables."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from qiaolian_chassis.deadlines import Deadlines
from qiaolian_chassis.staff import StaffProjection
from qiaolian_chassis.tables import ChassisTables, UtcDateTime, new_metadata

from .domain import deadline_kinds


class Base(DeclarativeBase):
    metadata = new_metadata()


chassis = ChassisTables.on(Base.metadata)
staff = StaffProjection(Base.metadata, office="liaison")
deadlines = Deadlines(Base.metadata, deadline_kinds())


class DelegationVisit(Base):
    __tablename__ = "delegation_visits"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    association_name: Mapped[str] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    size: Mapped[int] = mapped_column(sa.Integer)
    arrival_on: Mapped[date] = mapped_column(sa.Date)
    departure_on: Mapped[date] = mapped_column(sa.Date)
    needs_reception: Mapped[bool] = mapped_column(sa.Boolean)
    vehicles_needed: Mapped[int] = mapped_column(sa.Integer)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    # office's answers, recorded from its events
    reception_status: Mapped[str] = mapped_column(sa.String(20))
    vehicle_status: Mapped[str] = mapped_column(sa.String(20))
    vehicle_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    vehicles_available: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # the visiting association (when registered), members (person ids), itinerary by day, hosts
    association_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # (nullable: visits recorded before these columns existed have none)
    members: Mapped[list[str] | None] = mapped_column(sa.JSON, default=list)
    itinerary: Mapped[list[dict] | None] = mapped_column(sa.JSON, default=list)
    hosts: Mapped[list[str] | None] = mapped_column(sa.JSON, default=list)
    concluded_on: Mapped[date | None] = mapped_column(sa.Date)


metadata = Base.metadata
