"""rights' command handlers: load, ask the domain rules, change, emit facts, all in one unit of work."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.calendar import default_calendar
from qiaolian_contracts.events.rights import (
    Channel,
    PetitionAccepted,
    PetitionClass,
    PetitionerStatus,
    PetitionFiled,
    PetitionHandlerAssigned,
)
from qiaolian_contracts.ids import new_id

from . import domain
from .domain import PetitionPeriods, PetitionState
from .persistence import Petition, deadlines, staff

FILED = "qiaolian.rights.petition.filed.v1"
ACCEPTED = "qiaolian.rights.petition.accepted.v1"
HANDLER_ASSIGNED = "qiaolian.rights.petition.handler_assigned.v1"


async def file_petition(
    uow: UnitOfWork, clock: Clock, *, channel: Channel, petitioner_name: str, petitioner_status: PetitionerStatus,
    petition_class: PetitionClass, category: str, summary: str, received_on: date,
) -> Petition:
    if received_on > today(clock):
        raise Invalid("received_on", "cannot be in the future")
    due = domain.first_decision_due(received_on, default_calendar(), PetitionPeriods())
    petition = Petition(
        id=new_id(), channel=channel.value, petitioner_name=petitioner_name,
        petitioner_status=petitioner_status.value, petition_class=petition_class.value, category=category,
        summary=summary, received_on=received_on, first_decision_due=due, state=PetitionState.filed.value,
        created_at=uow.now,
    )
    uow.session.add(petition)
    await deadlines.set(uow, "petition_first_decision", petition.id, due)
    uow.emit(FILED, petition.id, PetitionFiled(
        petition_id=petition.id, channel=channel, petitioner_status=petitioner_status,
        petition_class=petition_class, category=category, received_on=received_on, first_decision_due=due,
    ))
    return petition


async def _load(uow: UnitOfWork, petition_id: str) -> Petition:
    petition = await uow.session.get(Petition, petition_id, with_for_update=True)
    if petition is None:
        raise NotFound(f"petition {petition_id} not found")
    return petition


async def accept(uow: UnitOfWork, clock: Clock, petition_id: str, accepted_on: date | None) -> Petition:
    petition = await _load(uow, petition_id)
    domain.require(PetitionState(petition.state), "accept")
    accepted_on = accepted_on or today(clock)
    if accepted_on < petition.received_on:
        raise Invalid("accepted_on", "cannot be before the petition was received")
    if accepted_on > today(clock):
        raise Invalid("accepted_on", "cannot be in the future")
    petition.state = PetitionState.accepted.value
    petition.accepted_on = accepted_on
    petition.handling_due = domain.handling_due(accepted_on, default_calendar(), PetitionPeriods())
    await deadlines.meet(uow, "petition_first_decision", petition.id, accepted_on)
    await deadlines.set(uow, "petition_handling", petition.id, petition.handling_due)
    uow.emit(ACCEPTED, petition.id, PetitionAccepted(
        petition_id=petition.id, accepted_on=accepted_on, handling_due=petition.handling_due))
    return petition


async def assign_handler(uow: UnitOfWork, petition_id: str, cadre_id: str) -> Petition:
    petition = await _load(uow, petition_id)
    domain.require(PetitionState(petition.state), "assign_handler")
    if await staff.get(uow.session, cadre_id) is None:
        raise Conflict(f"cadre {cadre_id} is not on the staff of rights", cadre_id=cadre_id)
    petition.handler_cadre_id = cadre_id
    uow.emit(HANDLER_ASSIGNED, petition.id, PetitionHandlerAssigned(petition_id=petition.id, cadre_id=cadre_id))
    return petition
