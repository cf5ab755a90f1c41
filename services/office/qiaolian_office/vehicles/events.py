"""The logistics of liaison's delegation visits: a scheduled visit asks for its reception (office plans
it, then confirms or declines: reception/) and gets its vehicles (or a decline when too few are free);
a cancelled one releases them; a concluded one releases what is left (vehicles never dispatched, a
reception never confirmed)."""

from __future__ import annotations

from qiaolian_chassis.consumer import handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.liaison import (
    DelegationVisitCancelled,
    DelegationVisitConcluded,
    DelegationVisitScheduled,
)
from qiaolian_contracts.events.office import VehicleBookingReleased

from ..reception import commands as reception
from ..reception.rules import ReceptionState
from . import commands
from .tables import VehicleBooking

LOGISTICS_REQUESTED = "qiaolian.liaison.delegation_visit.logistics_requested.v1"  # answered as a scheduled visit


async def on_visit_scheduled(uow: UnitOfWork, event: Envelope[DelegationVisitScheduled]) -> None:
    d = event.data
    if d.needs_reception:
        await reception.request_for_visit(
            uow,
            reception.RequestForVisit(
                visit_id=d.visit_id, association_name=d.association_name, starts_on=d.arrival_on, ends_on=d.departure_on
            ),
        )
    if d.vehicles_needed:
        await commands.book_for_visit(
            uow,
            commands.BookForVisit(
                visit_id=d.visit_id, starts_on=d.arrival_on, ends_on=d.departure_on, vehicles_needed=d.vehicles_needed
            ),
        )


async def _release(uow: UnitOfWork, visit_id: str, bookings: list[VehicleBooking], reception_cancelled: bool) -> None:
    if bookings or reception_cancelled:
        uow.emit(
            visit_id,
            VehicleBookingReleased(
                visit_id=visit_id, booking_ids=[b.id for b in bookings], reception_cancelled=reception_cancelled
            ),
        )


async def on_visit_cancelled(uow: UnitOfWork, event: Envelope[DelegationVisitCancelled]) -> None:
    visit_id = event.data.visit_id
    bookings = await commands.release_for_visit(uow, commands.ReleaseForVisit(visit_id))
    await _release(uow, visit_id, bookings, await reception.release_for_visit(uow, visit_id))


async def on_visit_concluded(uow: UnitOfWork, event: Envelope[DelegationVisitConcluded]) -> None:
    """What the visit did not use is released: vehicles booked but never dispatched, a reception never
    confirmed. A confirmed reception stays, to be held and closed with its cost."""
    visit_id = event.data.visit_id
    bookings = await commands.release_for_visit(uow, commands.ReleaseForVisit(visit_id))
    unconfirmed = frozenset({ReceptionState.requested, ReceptionState.planned})
    await _release(uow, visit_id, bookings, await reception.release_for_visit(uow, visit_id, unconfirmed))


LOGISTICS_HANDLERS = handles(
    on_visit_scheduled,
    on_visit_cancelled,
    on_visit_concluded,
    by_type={LOGISTICS_REQUESTED: on_visit_scheduled},
)
