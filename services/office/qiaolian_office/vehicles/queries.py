"""Reads of the fleet and its bookings."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import Vehicle, VehicleBooking


def vehicles(*, status: str | None) -> sa.Select[Any]:
    return sa.select(Vehicle).where(*filters((Vehicle.status, status))).order_by(Vehicle.plate)


def bookings(*, visit_id: str | None, vehicle_id: str | None, status: str | None) -> sa.Select[Any]:
    b = VehicleBooking
    return (
        sa.select(b)
        .where(*filters((b.status, status), (b.visit_id, visit_id), (b.vehicle_id, vehicle_id)))
        .order_by(b.starts_on, b.id)
    )
