"""Facts published by liaison (宣傳聯絡處)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
from .common import CountryCode, Id


class DelegationVisitScheduled(Payload):
    """An overseas delegation's visit to Hunan (回湘參訪) is scheduled; office arranges its logistics."""

    visit_id: Id
    association_name: str = Field(
        min_length=1,
        max_length=200,
        description="name of the visiting public organisation: office's reception staff need it",
    )
    country: CountryCode
    size: int = Field(ge=1, le=500)
    arrival_on: date
    departure_on: date
    needs_reception: bool
    vehicles_needed: int = Field(ge=0, le=50)


class DelegationVisitCancelled(Payload):
    visit_id: Id
    cancelled_on: date


PRODUCES = (
    EventType("qiaolian.liaison.delegation_visit.scheduled.v1", DelegationVisitScheduled,
              "An overseas delegation visit to Hunan was scheduled; logistics are requested from office."),
    EventType("qiaolian.liaison.delegation_visit.cancelled.v1", DelegationVisitCancelled,
              "A scheduled delegation visit was cancelled; office releases its reception and vehicles."),
)

# the durable consumers liaison runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup("liaison", "logistics", ("qiaolian.office.reception.arranged.v1",
                                           "qiaolian.office.vehicle.booked.v1",
                                           "qiaolian.office.vehicle.booking_declined.v1",
                                           "qiaolian.office.vehicle.booking_released.v1"),
                  "Records office's logistics outcome on each delegation visit."),
    ConsumerGroup("liaison", "staff", ("qiaolian.personnel.cadre.appointed.v1",),
                  "Keeps liaison's projection of its own staff."),
)
