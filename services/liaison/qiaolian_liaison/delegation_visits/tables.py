"""The table of delegation visits, with office's answers about their logistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


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
    itinerary: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON, default=list)
    hosts: Mapped[list[str] | None] = mapped_column(sa.JSON, default=list)
    concluded_on: Mapped[date | None] = mapped_column(sa.Date)
