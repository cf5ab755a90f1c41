"""Commands on delegation visits. Scheduling asks office for the reception and vehicles a visit needs;
cancelling lets office release them; concluding tells the resource registry who came."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import (
    DelegationVisitCancelled,
    DelegationVisitConcluded,
    DelegationVisitLogisticsRequested,
    DelegationVisitScheduled,
)
from qiaolian_contracts.ids import new_id

from ..associations.tables import Association, Person
from . import rules
from .rules import VISITS, Part, VisitState
from .tables import DelegationVisit


@dataclass(frozen=True)
class CreateVisit:
    """A proposed visit waits for approval and scheduling; one created as scheduled asks office at once.
    `itinerary`: `{"day": date, "plan": str}` per day."""

    association_name: str
    country: str
    size: int
    arrival_on: date
    departure_on: date
    needs_reception: bool
    vehicles_needed: int
    state: VisitState = VisitState.scheduled
    association_id: str | None = None
    members: Sequence[str] = ()
    itinerary: Sequence[Mapping[str, Any]] = ()
    hosts: Sequence[str] = ()


@dataclass(frozen=True)
class ApproveVisit:
    visit_id: str


@dataclass(frozen=True)
class ScheduleApprovedVisit:
    visit_id: str


@dataclass(frozen=True)
class RecordArrival:
    visit_id: str


@dataclass(frozen=True)
class ConcludeVisit:
    visit_id: str


@dataclass(frozen=True)
class RequestLogisticsAgain:
    visit_id: str


@dataclass(frozen=True)
class CancelVisit:
    visit_id: str


async def create_visit(uow: UnitOfWork, cmd: CreateVisit) -> DelegationVisit:
    rules.check_new_visit(cmd.state, cmd.arrival_on, cmd.departure_on, [d["day"] for d in cmd.itinerary], uow.today)
    await _check_refs(uow, cmd.association_id, cmd.members)
    visit = DelegationVisit(
        id=new_id(),
        association_name=cmd.association_name,
        country=cmd.country,
        size=cmd.size,
        arrival_on=cmd.arrival_on,
        departure_on=cmd.departure_on,
        needs_reception=cmd.needs_reception,
        vehicles_needed=cmd.vehicles_needed,
        state=VisitState.proposed.value,
        reception_status=Part.not_needed.value,
        vehicle_status=Part.not_needed.value,
        vehicle_ids=[],
        created_at=uow.now,
        association_id=cmd.association_id,
        members=list(dict.fromkeys(cmd.members)),
        itinerary=[{"day": d["day"].isoformat(), "plan": d["plan"]} for d in cmd.itinerary],
        hosts=list(cmd.hosts),
    )
    uow.session.add(visit)
    if cmd.state == VisitState.scheduled:
        _schedule(uow, visit)
    return visit


async def _check_refs(uow: UnitOfWork, association_id: str | None, members: Sequence[str]) -> None:
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
    uow.emit(
        visit.id,
        DelegationVisitScheduled(
            visit_id=visit.id,
            association_name=visit.association_name,
            country=visit.country,
            size=visit.size,
            arrival_on=visit.arrival_on,
            departure_on=visit.departure_on,
            needs_reception=visit.needs_reception,
            vehicles_needed=visit.vehicles_needed,
        ),
    )


async def _load(uow: UnitOfWork, visit_id: str, command: str) -> tuple[DelegationVisit, VisitState]:
    """The visit, locked, and the state `command` leads it to (409 when its state does not allow it)."""
    visit = await get_or_404(uow.session, DelegationVisit, "delegation visit", visit_id, for_update=True)
    return visit, VISITS.apply(VisitState(visit.state), command)


async def approve_visit(uow: UnitOfWork, cmd: ApproveVisit) -> DelegationVisit:
    visit, after = await _load(uow, cmd.visit_id, "approve")
    visit.state = after.value
    return visit


async def schedule_approved_visit(uow: UnitOfWork, cmd: ScheduleApprovedVisit) -> DelegationVisit:
    visit, _ = await _load(uow, cmd.visit_id, "schedule")
    rules.check_schedulable(visit.arrival_on, uow.today)
    _schedule(uow, visit)
    return visit


async def record_arrival(uow: UnitOfWork, cmd: RecordArrival) -> DelegationVisit:
    visit, after = await _load(uow, cmd.visit_id, "arrive")
    visit.state = after.value
    return visit


async def conclude_visit(uow: UnitOfWork, cmd: ConcludeVisit) -> DelegationVisit:
    visit, after = await _load(uow, cmd.visit_id, "conclude")
    visit.state, visit.concluded_on = after.value, uow.today
    uow.emit(
        visit.id, DelegationVisitConcluded(visit_id=visit.id, concluded_on=uow.today, members=len(visit.members or []))
    )
    return visit


async def request_logistics_again(uow: UnitOfWork, cmd: RequestLogisticsAgain) -> DelegationVisit:
    """After office declined (logistics needs attention): ask office again for what is still missing."""
    visit, state = await _load(uow, cmd.visit_id, "request_logistics")
    reception, vehicles = Part(visit.reception_status), Part(visit.vehicle_status)
    rules.check_logistics_declined(state, reception, vehicles)
    again_reception = reception == Part.declined
    if vehicles == Part.declined:
        visit.vehicle_status = Part.requested.value
    if again_reception:
        visit.reception_status = Part.requested.value
    visit.vehicles_available = None
    uow.emit(
        visit.id,
        DelegationVisitLogisticsRequested(
            visit_id=visit.id,
            association_name=visit.association_name,
            country=visit.country,
            size=visit.size,
            arrival_on=visit.arrival_on,
            departure_on=visit.departure_on,
            needs_reception=again_reception,
            vehicles_needed=visit.vehicles_needed if vehicles == Part.declined else 0,
        ),
    )
    return visit


async def cancel_visit(uow: UnitOfWork, cmd: CancelVisit) -> DelegationVisit:
    visit, after = await _load(uow, cmd.visit_id, "cancel")
    visit.state = after.value
    uow.emit(visit.id, DelegationVisitCancelled(visit_id=visit.id, cancelled_on=uow.today))
    return visit
