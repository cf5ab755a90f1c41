"""The event catalog: every event type, its payload model, subject, stream, producer and consumers.

`type` and the NATS subject are the same dotted name, `qiaolian.<service>.<aggregate>.<fact>.v<major>`.
Each producing service owns one stream capturing `qiaolian.<service>.>`. Each subscribing handler
group is a durable pull consumer named `<consumer service>--<purpose>` on one producer's stream.
Streams and consumers are created from this module by the provisioning step, never by subscribers.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .events import liaison, office, personnel, rights

SERVICES = ("office", "liaison", "rights", "personnel")
DEAD_LETTER_STREAM = "DEADLETTER"
DEAD_LETTER_PREFIX = "qiaolian.deadletter"


def stream_name(service: str) -> str:
    return service.upper()


def stream_subjects(service: str) -> list[str]:
    return [f"qiaolian.{service}.>"]


@dataclass(frozen=True)
class EventType:
    type: str
    model: type[BaseModel]
    description: str

    @property
    def subject(self) -> str:
        return self.type

    @property
    def producer(self) -> str:
        return self.type.split(".")[1]

    @property
    def stream(self) -> str:
        return stream_name(self.producer)

    @property
    def short_name(self) -> str:
        """`petition.filed`: aggregate and fact without prefix and version."""
        return ".".join(self.type.split(".")[2:4])


@dataclass(frozen=True)
class ConsumerGroup:
    """A durable pull consumer: one subscribing service, one purpose, one producer's stream."""

    service: str
    purpose: str
    events: tuple[str, ...]
    description: str
    ack_wait_s: float = 30.0
    max_deliver: int = 5
    backoff_s: tuple[float, ...] = (1.0, 5.0, 15.0, 30.0)
    batch: int = 256

    @property
    def durable(self) -> str:
        return f"{self.service}--{self.purpose}"

    @property
    def stream(self) -> str:
        streams = {EVENTS[t].stream for t in self.events}
        if len(streams) != 1:
            raise ValueError(f"consumer {self.durable} spans streams {sorted(streams)}")
        return streams.pop()

    @property
    def filter_subjects(self) -> list[str]:
        return sorted(EVENTS[t].subject for t in self.events)


def _events(*items: EventType) -> dict[str, EventType]:
    return {e.type: e for e in items}


EVENTS: dict[str, EventType] = _events(
    # rights
    EventType("qiaolian.rights.petition.filed.v1", rights.PetitionFiled,
              "A petition was registered, with its first-decision deadline."),
    EventType("qiaolian.rights.petition.accepted.v1", rights.PetitionAccepted,
              "A petition was accepted for handling; the 60-day handling clock started."),
    EventType("qiaolian.rights.petition.handler_assigned.v1", rights.PetitionHandlerAssigned,
              "A rights cadre was assigned to handle a petition."),
    # liaison
    EventType("qiaolian.liaison.delegation_visit.scheduled.v1", liaison.DelegationVisitScheduled,
              "An overseas delegation visit to Hunan was scheduled; logistics are requested from office."),
    EventType("qiaolian.liaison.delegation_visit.cancelled.v1", liaison.DelegationVisitCancelled,
              "A scheduled delegation visit was cancelled; office releases its reception and vehicles."),
    # office
    EventType("qiaolian.office.reception.arranged.v1", office.ReceptionArranged,
              "Office arranged official reception for a delegation visit."),
    EventType("qiaolian.office.vehicle.booked.v1", office.VehicleBooked,
              "Office booked vehicles from its fleet for a delegation visit."),
    EventType("qiaolian.office.vehicle.booking_declined.v1", office.VehicleBookingDeclined,
              "Office could not book enough vehicles for the visit's dates."),
    EventType("qiaolian.office.vehicle.booking_released.v1", office.VehicleBookingReleased,
              "Office released the reception and vehicles of a cancelled visit."),
    # personnel
    EventType("qiaolian.personnel.cadre.appointed.v1", personnel.CadreAppointed,
              "A cadre was appointed to a post in an office; services update their staff projections."),
)

CONSUMERS: tuple[ConsumerGroup, ...] = (
    ConsumerGroup("office", "supervision", ("qiaolian.rights.petition.filed.v1",
                                            "qiaolian.rights.petition.accepted.v1"),
                  "Opens and updates supervision items for the other offices' deadlines."),
    ConsumerGroup("office", "logistics", ("qiaolian.liaison.delegation_visit.scheduled.v1",
                                          "qiaolian.liaison.delegation_visit.cancelled.v1"),
                  "Arranges reception and vehicles for delegation visits, or declines."),
    ConsumerGroup("office", "directory", ("qiaolian.personnel.cadre.appointed.v1",),
                  "Keeps the staff directory."),
    ConsumerGroup("liaison", "logistics", ("qiaolian.office.reception.arranged.v1",
                                           "qiaolian.office.vehicle.booked.v1",
                                           "qiaolian.office.vehicle.booking_declined.v1",
                                           "qiaolian.office.vehicle.booking_released.v1"),
                  "Records office's logistics outcome on each delegation visit."),
    ConsumerGroup("liaison", "staff", ("qiaolian.personnel.cadre.appointed.v1",),
                  "Keeps liaison's projection of its own staff."),
    ConsumerGroup("rights", "staff", ("qiaolian.personnel.cadre.appointed.v1",),
                  "Keeps rights' projection of its own staff (who may handle petitions)."),
)

CONSUMERS_BY_DURABLE: dict[str, ConsumerGroup] = {c.durable: c for c in CONSUMERS}


def produced_by(service: str) -> list[EventType]:
    return [e for e in EVENTS.values() if e.producer == service]


def consumed_by(service: str) -> list[ConsumerGroup]:
    return [c for c in CONSUMERS if c.service == service]


def consumers_of(event_type: str) -> list[str]:
    return [c.durable for c in CONSUMERS if event_type in c.events]


def check() -> None:
    """Invariants of the catalog itself; the contract tests call this."""
    for e in EVENTS.values():
        parts = e.type.split(".")
        assert len(parts) == 5 and parts[0] == "qiaolian" and parts[1] in SERVICES, e.type
        assert parts[4].startswith("v") and parts[4][1:].isdigit(), e.type
    for c in CONSUMERS:
        assert c.service in SERVICES
        assert all(t in EVENTS for t in c.events), c.durable
        assert c.max_deliver > len(c.backoff_s), f"{c.durable}: NATS needs max_deliver > len(backoff)"
        assert c.ack_wait_s > 0 and c.stream
    assert len(CONSUMERS_BY_DURABLE) == len(CONSUMERS), "duplicate durable names"
