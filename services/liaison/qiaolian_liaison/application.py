"""liaison's command handlers and its handlers of office's logistics events."""

from __future__ import annotations

from datetime import date
from typing import Any

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Conflict, Invalid, NotFound, Poison
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.liaison import (
    DelegationVisitCancelled,
    DelegationVisitConcluded,
    DelegationVisitLogisticsRequested,
    DelegationVisitScheduled,
)
from qiaolian_contracts.ids import new_id

from . import domain
from .domain import Part, VisitState
from .persistence import DelegationVisit

SCHEDULED = "qiaolian.liaison.delegation_visit.scheduled.v1"
CANCELLED = "qiaolian.liaison.delegation_visit.cancelled.v1"
CONCLUDED = "qiaolian.liaison.delegation_visit.concluded.v1"
LOGISTICS_REQUESTED = "qiaolian.liaison.delegation_visit.logistics_requested.v1"


async def create_visit(uow: UnitOfWork, clock: Clock, *, association_name: str, country: str, size: int,
                       arrival_on: date, departure_on: date, needs_reception: bool, vehicles_needed: int,
                       state: VisitState = VisitState.scheduled, association_id: str | None = None,
                       members: list[str] | None = None, itinerary: list[dict[str, Any]] | None = None,
                       hosts: list[str] | None = None) -> DelegationVisit:
    """A proposed visit waits for approval and scheduling; one created as scheduled asks office at once."""
    if departure_on < arrival_on:
        raise Invalid("departure_on", "must be on or after arrival_on")
    if arrival_on < today(clock):
        raise Invalid("arrival_on", "cannot be in the past")
    if state not in (VisitState.proposed, VisitState.scheduled):
        raise Invalid("state", "a new visit is proposed or scheduled")
    for i, day in enumerate(itinerary or []):
        if not arrival_on <= day["day"] <= departure_on:
            raise Invalid(f"itinerary.{i}.day", "must be between arrival_on and departure_on")
    await _check_refs(uow, association_id, members or [])
    visit = DelegationVisit(
        id=new_id(), association_name=association_name, country=country, size=size, arrival_on=arrival_on,
        departure_on=departure_on, needs_reception=needs_reception, vehicles_needed=vehicles_needed,
        state=VisitState.proposed.value, reception_status=Part.not_needed.value,
        vehicle_status=Part.not_needed.value, vehicle_ids=[], created_at=uow.now, association_id=association_id,
        members=list(dict.fromkeys(members or [])),
        itinerary=[{"day": d["day"].isoformat(), "plan": d["plan"]} for d in itinerary or []],
        hosts=list(hosts or []),
    )
    uow.session.add(visit)
    if state == VisitState.scheduled:
        _schedule(uow, visit)
    return visit


async def _check_refs(uow: UnitOfWork, association_id: str | None, members: list[str]) -> None:
    from .contacts import Association, Person

    if association_id:
        a = await uow.session.get(Association, association_id)
        if a is None or a.merged_into is not None:
            raise Invalid("association_id", "no such association")
    for i, person_id in enumerate(members):
        p = await uow.session.get(Person, person_id)
        if p is None or p.merged_into is not None:
            raise Invalid(f"members.{i}", "no such person")


def _schedule(uow: UnitOfWork, visit: DelegationVisit) -> None:
    visit.state = VisitState.scheduled.value
    visit.reception_status = (Part.requested if visit.needs_reception else Part.not_needed).value
    visit.vehicle_status = (Part.requested if visit.vehicles_needed else Part.not_needed).value
    uow.emit(visit.id, DelegationVisitScheduled(
        visit_id=visit.id, association_name=visit.association_name, country=visit.country, size=visit.size,
        arrival_on=visit.arrival_on, departure_on=visit.departure_on, needs_reception=visit.needs_reception,
        vehicles_needed=visit.vehicles_needed,
    ))


async def _load(uow: UnitOfWork, visit_id: str, command: str) -> DelegationVisit:
    """The visit, locked, once its state allows `command`."""
    visit = await uow.session.get(DelegationVisit, visit_id, with_for_update=True)
    if visit is None:
        raise NotFound(f"delegation visit {visit_id} not found")
    domain.require(VisitState(visit.state), command)
    return visit


async def approve_visit(uow: UnitOfWork, visit_id: str) -> DelegationVisit:
    visit = await _load(uow, visit_id, "approve")
    visit.state = VisitState.approved.value
    return visit


async def schedule_approved_visit(uow: UnitOfWork, clock: Clock, visit_id: str) -> DelegationVisit:
    visit = await _load(uow, visit_id, "schedule")
    if visit.arrival_on < today(clock):
        raise Invalid("arrival_on", "the visit's arrival date has passed; propose it again")
    _schedule(uow, visit)
    return visit


async def arrive_visit(uow: UnitOfWork, visit_id: str) -> DelegationVisit:
    visit = await _load(uow, visit_id, "arrive")
    visit.state = VisitState.arrived.value
    return visit


async def conclude_visit(uow: UnitOfWork, clock: Clock, visit_id: str) -> DelegationVisit:
    visit = await _load(uow, visit_id, "conclude")
    visit.state = VisitState.concluded.value
    visit.concluded_on = today(clock)
    uow.emit(visit.id, DelegationVisitConcluded(
        visit_id=visit.id, concluded_on=visit.concluded_on, members=len(visit.members or [])))
    return visit


async def request_logistics_again(uow: UnitOfWork, visit_id: str) -> DelegationVisit:
    """After office declined (logistics needs attention): ask office again for what is still missing."""
    visit = await _load(uow, visit_id, "request_logistics")
    reception, vehicles = Part(visit.reception_status), Part(visit.vehicle_status)
    if domain.logistics_status(reception, vehicles) != "needs_attention":
        raise Conflict("logistics can be requested again only after office declined them",
                       current_state=visit.state, logistics=domain.logistics_status(reception, vehicles),
                       allowed_commands=[c for c in domain.allowed_commands(VisitState(visit.state))
                                         if c != "request_logistics"])
    again_reception = reception == Part.declined
    visit.vehicle_status = Part.requested.value if vehicles == Part.declined else visit.vehicle_status
    if again_reception:
        visit.reception_status = Part.requested.value
    visit.vehicles_available = None
    uow.emit(visit.id, DelegationVisitLogisticsRequested(
        visit_id=visit.id, association_name=visit.association_name, country=visit.country, size=visit.size,
        arrival_on=visit.arrival_on, departure_on=visit.departure_on, needs_reception=again_reception,
        vehicles_needed=visit.vehicles_needed if vehicles == Part.declined else 0,
    ))
    return visit


async def cancel_visit(uow: UnitOfWork, clock: Clock, visit_id: str) -> DelegationVisit:
    visit = await _load(uow, visit_id, "cancel")
    visit.state = VisitState.cancelled.value
    uow.emit(visit.id, DelegationVisitCancelled(visit_id=visit.id, cancelled_on=today(clock)))
    return visit


async def _visit(uow: UnitOfWork, visit_id: str) -> DelegationVisit:
    visit = await uow.session.get(DelegationVisit, visit_id, with_for_update=True)
    if visit is None:
        raise Poison(f"office answered about unknown delegation visit {visit_id}")
    return visit


async def on_reception_arranged(uow: UnitOfWork, event: Envelope[Any]) -> None:
    visit = await _visit(uow, event.data.visit_id)
    if visit.reception_status == Part.requested:
        visit.reception_status = Part.arranged.value


async def on_vehicle_booked(uow: UnitOfWork, event: Envelope[Any]) -> None:
    visit = await _visit(uow, event.data.visit_id)
    visit.vehicle_status = Part.arranged.value
    visit.vehicle_ids = list(event.data.vehicle_ids)


async def on_vehicle_booking_declined(uow: UnitOfWork, event: Envelope[Any]) -> None:
    visit = await _visit(uow, event.data.visit_id)
    visit.vehicle_status = Part.declined.value
    visit.vehicles_available = event.data.vehicles_available


async def on_booking_released(uow: UnitOfWork, event: Envelope[Any]) -> None:
    visit = await _visit(uow, event.data.visit_id)
    if visit.vehicle_status == Part.arranged:
        visit.vehicle_status = Part.released.value
    if event.data.reception_cancelled:
        visit.reception_status = Part.released.value


LOGISTICS_HANDLERS = {
    "qiaolian.office.reception.arranged.v1": on_reception_arranged,
    "qiaolian.office.vehicle.booked.v1": on_vehicle_booked,
    "qiaolian.office.vehicle.booking_declined.v1": on_vehicle_booking_declined,
    "qiaolian.office.vehicle.booking_released.v1": on_booking_released,
}
