"""office's answers about a visit's logistics (reception arranged or declined, vehicles booked, declined
or released), recorded on the visit. office's standalone receptions (no visit) are not liaison's."""

from __future__ import annotations

from qiaolian_chassis.consumer import handles
from qiaolian_chassis.errors import Poison
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.office import (
    ReceptionArranged,
    ReceptionDeclined,
    VehicleBooked,
    VehicleBookingDeclined,
    VehicleBookingReleased,
)

from .rules import Part
from .tables import DelegationVisit


async def _visit(uow: UnitOfWork, visit_id: str) -> DelegationVisit:
    visit: DelegationVisit | None = await uow.session.get(DelegationVisit, visit_id, with_for_update=True)
    if visit is None:
        raise Poison(f"office answered about unknown delegation visit {visit_id}")
    return visit


async def on_reception_arranged(uow: UnitOfWork, event: Envelope[ReceptionArranged]) -> None:
    if event.data.visit_id is None:
        return
    visit = await _visit(uow, event.data.visit_id)
    if visit.reception_status == Part.requested:
        visit.reception_status = Part.arranged.value


async def on_reception_declined(uow: UnitOfWork, event: Envelope[ReceptionDeclined]) -> None:
    """office declined the reception: the visit's logistics need attention (ask again, or cancel)."""
    if event.data.visit_id is None:
        return
    visit = await _visit(uow, event.data.visit_id)
    if visit.reception_status == Part.requested:
        visit.reception_status = Part.declined.value


async def on_vehicle_booked(uow: UnitOfWork, event: Envelope[VehicleBooked]) -> None:
    visit = await _visit(uow, event.data.visit_id)
    visit.vehicle_status = Part.arranged.value
    visit.vehicle_ids = list(event.data.vehicle_ids)


async def on_vehicle_booking_declined(uow: UnitOfWork, event: Envelope[VehicleBookingDeclined]) -> None:
    visit = await _visit(uow, event.data.visit_id)
    visit.vehicle_status = Part.declined.value
    visit.vehicles_available = event.data.vehicles_available


async def on_booking_released(uow: UnitOfWork, event: Envelope[VehicleBookingReleased]) -> None:
    visit = await _visit(uow, event.data.visit_id)
    if visit.vehicle_status == Part.arranged:
        visit.vehicle_status = Part.released.value
    if event.data.reception_cancelled:
        visit.reception_status = Part.released.value


LOGISTICS = handles(
    on_reception_arranged, on_reception_declined, on_vehicle_booked, on_vehicle_booking_declined, on_booking_released
)
