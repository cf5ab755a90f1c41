"""liaison's command handlers and its handlers of office's logistics events."""

from __future__ import annotations

from datetime import date
from typing import Any

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Invalid, NotFound, Poison
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.liaison import DelegationVisitCancelled, DelegationVisitScheduled
from qiaolian_contracts.ids import new_id

from . import domain
from .domain import Part, VisitState
from .persistence import DelegationVisit

SCHEDULED = "qiaolian.liaison.delegation_visit.scheduled.v1"
CANCELLED = "qiaolian.liaison.delegation_visit.cancelled.v1"


async def schedule_visit(uow: UnitOfWork, clock: Clock, *, association_name: str, country: str, size: int,
                         arrival_on: date, departure_on: date, needs_reception: bool,
                         vehicles_needed: int) -> DelegationVisit:
    if departure_on < arrival_on:
        raise Invalid("departure_on", "must be on or after arrival_on")
    if arrival_on < today(clock):
        raise Invalid("arrival_on", "cannot be in the past")
    visit = DelegationVisit(
        id=new_id(), association_name=association_name, country=country, size=size, arrival_on=arrival_on,
        departure_on=departure_on, needs_reception=needs_reception, vehicles_needed=vehicles_needed,
        state=VisitState.scheduled.value,
        reception_status=(Part.requested if needs_reception else Part.not_needed).value,
        vehicle_status=(Part.requested if vehicles_needed else Part.not_needed).value,
        vehicle_ids=[], created_at=uow.now,
    )
    uow.session.add(visit)
    uow.emit(SCHEDULED, visit.id, DelegationVisitScheduled(
        visit_id=visit.id, association_name=association_name, country=country, size=size,
        arrival_on=arrival_on, departure_on=departure_on, needs_reception=needs_reception,
        vehicles_needed=vehicles_needed,
    ))
    return visit


async def cancel_visit(uow: UnitOfWork, clock: Clock, visit_id: str) -> DelegationVisit:
    visit = await uow.session.get(DelegationVisit, visit_id, with_for_update=True)
    if visit is None:
        raise NotFound(f"delegation visit {visit_id} not found")
    domain.require(VisitState(visit.state), "cancel")
    visit.state = VisitState.cancelled.value
    uow.emit(CANCELLED, visit.id, DelegationVisitCancelled(visit_id=visit.id, cancelled_on=today(clock)))
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
