"""The logistics of liaison's delegation visits: a scheduled visit gets its reception and vehicles (or
a decline when too few are free), a cancelled one releases them."""

from __future__ import annotations

from qiaolian_chassis.consumer import handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.liaison import DelegationVisitCancelled, DelegationVisitScheduled
from qiaolian_contracts.events.office import VehicleBookingReleased

from ..reception import commands as reception
from . import commands

LOGISTICS_REQUESTED = "qiaolian.liaison.delegation_visit.logistics_requested.v1"  # answered as a scheduled visit


async def on_visit_scheduled(uow: UnitOfWork, event: Envelope[DelegationVisitScheduled]) -> None:
    d = event.data
    if d.needs_reception:
        await reception.arrange(
            uow,
            reception.ArrangeReception(
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


async def on_visit_cancelled(uow: UnitOfWork, event: Envelope[DelegationVisitCancelled]) -> None:
    visit_id = event.data.visit_id
    bookings = await commands.release_for_visit(uow, commands.ReleaseForVisit(visit_id))
    cancelled = await reception.cancel(uow, reception.CancelReception(visit_id))
    if bookings or cancelled is not None:
        uow.emit(
            visit_id,
            VehicleBookingReleased(
                visit_id=visit_id, booking_ids=[b.id for b in bookings], reception_cancelled=cancelled is not None
            ),
        )


LOGISTICS_HANDLERS = handles(on_visit_scheduled, on_visit_cancelled, by_type={LOGISTICS_REQUESTED: on_visit_scheduled})
