"""Facts published by office (辦公室)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ..envelope import Payload
from .common import Code, Id


class ReceptionArranged(Payload):
    reception_id: Id
    visit_id: Id
    starts_on: date
    ends_on: date


class VehicleBooked(Payload):
    visit_id: Id
    booking_ids: list[Id] = Field(min_length=1)
    vehicle_ids: list[Id] = Field(min_length=1)
    starts_on: date
    ends_on: date


class VehicleBookingDeclined(Payload):
    visit_id: Id
    vehicles_needed: int = Field(ge=1)
    vehicles_available: int = Field(ge=0)
    reason: Code = Field(description="not_enough_free_vehicles")


class VehicleBookingReleased(Payload):
    visit_id: Id
    booking_ids: list[Id]
    reception_cancelled: bool
