"""Facts published by office (辦公室)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
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


PRODUCES = (
    EventType("qiaolian.office.reception.arranged.v1", ReceptionArranged,
              "Office arranged official reception for a delegation visit."),
    EventType("qiaolian.office.vehicle.booked.v1", VehicleBooked,
              "Office booked vehicles from its fleet for a delegation visit."),
    EventType("qiaolian.office.vehicle.booking_declined.v1", VehicleBookingDeclined,
              "Office could not book enough vehicles for the visit's dates."),
    EventType("qiaolian.office.vehicle.booking_released.v1", VehicleBookingReleased,
              "Office released the reception and vehicles of a cancelled visit."),
)

# the durable consumers office runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup("office", "supervision", ("qiaolian.rights.petition.filed.v1",
                                            "qiaolian.rights.petition.accepted.v1",
                                            "qiaolian.rights.petition.deadline_changed.v1",
                                            "qiaolian.rights.petition.overdue.v1"),
                  "Opens and updates supervision items for the other offices' deadlines."),
    ConsumerGroup("office", "logistics", ("qiaolian.liaison.delegation_visit.scheduled.v1",
                                          "qiaolian.liaison.delegation_visit.cancelled.v1",
                                          "qiaolian.liaison.delegation_visit.logistics_requested.v1"),
                  "Arranges reception and vehicles for delegation visits, or declines."),
    ConsumerGroup("office", "registry-liaison", ("qiaolian.liaison.association.registered.v1",
                                                 "qiaolian.liaison.association.updated.v1",
                                                 "qiaolian.liaison.person.registered.v1",
                                                 "qiaolian.liaison.person.updated.v1",
                                                 "qiaolian.liaison.contact.merged.v1"),
                  "Feeds the resource registry (僑務資源) with liaison's associations and key persons."),
    ConsumerGroup("office", "directory", ("qiaolian.personnel.cadre.appointed.v1",
                                          "qiaolian.personnel.cadre.transferred.v1",
                                          "qiaolian.personnel.cadre.removed.v1",
                                          "qiaolian.personnel.cadre.retired.v1"),
                  "Keeps the staff directory."),
    ConsumerGroup("office", "board-personnel", ("qiaolian.personnel.federation.election_due.v1",
                                                "qiaolian.personnel.federation.election_result_filed.v1"),
                  "Shows grassroots federations' elections that are due on the supervision board."),
)
