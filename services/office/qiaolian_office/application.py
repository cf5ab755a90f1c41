"""office's command handlers and its handlers of the other offices' events."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.consumer import batch_handler
from qiaolian_chassis.db import insert_ignore
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.office import (
    ReceptionArranged,
    VehicleBooked,
    VehicleBookingDeclined,
    VehicleBookingReleased,
)
from qiaolian_contracts.ids import new_id

from .persistence import ACTIVE_BOOKING, Reception, SupervisionItem, Vehicle, VehicleBooking

RECEPTION_ARRANGED = "qiaolian.office.reception.arranged.v1"
VEHICLE_BOOKED = "qiaolian.office.vehicle.booked.v1"
BOOKING_DECLINED = "qiaolian.office.vehicle.booking_declined.v1"
BOOKING_RELEASED = "qiaolian.office.vehicle.booking_released.v1"


# ---- fleet -------------------------------------------------------------------------------------

async def register_vehicle(uow: UnitOfWork, *, plate: str, seats: int, status: str) -> Vehicle:
    taken = await uow.session.scalar(sa.select(Vehicle.id).where(Vehicle.plate == plate))
    if taken:
        raise Conflict(f"a vehicle with plate {plate} is already registered", vehicle_id=taken)
    vehicle = Vehicle(id=new_id(), plate=plate, seats=seats, status=status, created_at=uow.now)
    uow.session.add(vehicle)
    return vehicle


# ---- supervision board: deadlines of the other offices -----------------------------------------

def _item(uow: UnitOfWork, *, kind: str, office: str, source_id: str, title: str, due_on: Any) -> dict[str, Any]:
    return dict(id=new_id(), kind=kind, office=office, source_id=source_id, title=title, due_on=due_on,
                state="open", opened_at=uow.now)


async def _open_items(uow: UnitOfWork, items: list[dict[str, Any]]) -> None:
    """Put items on the board unless their (kind, source) is there already: one statement, no read first."""
    await uow.session.execute(insert_ignore(uow.session, SupervisionItem.__table__, ["kind", "source_id"]), items)


async def _open_item(uow: UnitOfWork, **item: Any) -> None:
    await _open_items(uow, [_item(uow, **item)])


async def _close_item(uow: UnitOfWork, *, kind: str, source_id: str) -> None:
    await uow.session.execute(
        sa.update(SupervisionItem)
        .where(SupervisionItem.kind == kind, SupervisionItem.source_id == source_id, SupervisionItem.state == "open")
        .values(state="closed", closed_at=uow.now))


@batch_handler
async def on_petitions_filed(uow: UnitOfWork, events: list[Envelope[Any]]) -> None:
    """Every petition filed in a run of the batch goes on the board in one statement."""
    await _open_items(uow, [
        _item(uow, kind="petition_first_decision", office="rights", source_id=e.data.petition_id,
              title=f"Petition {e.data.petition_id}: first decision and written notice",
              due_on=e.data.first_decision_due)
        for e in events])


async def on_petition_accepted(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    await _close_item(uow, kind="petition_first_decision", source_id=d.petition_id)
    await _open_item(uow, kind="petition_handling", office="rights", source_id=d.petition_id,
                     title=f"Petition {d.petition_id}: handling opinion", due_on=d.handling_due)


async def _refresh_item(uow: UnitOfWork, *, kind: str, source_id: str, title: str, due_on: Any) -> None:
    """Open the item, or reopen it and move it to `due_on` (a deadline set again, extended or resumed)."""
    item = await uow.session.scalar(
        sa.select(SupervisionItem).where(SupervisionItem.kind == kind, SupervisionItem.source_id == source_id))
    if item is None:
        await _open_item(uow, kind=kind, office="rights", source_id=source_id, title=title, due_on=due_on)
    else:
        item.due_on, item.state, item.closed_at = due_on, "open", None


async def on_petition_deadline_changed(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """Follow every statutory deadline of a petition: set or moved opens the item, met or cancelled closes it."""
    d = event.data
    kind = f"petition_{d.deadline.value}"
    if d.change.value == "set":
        await _refresh_item(uow, kind=kind, source_id=d.petition_id, due_on=d.due_on,
                            title=f"Petition {d.petition_id}: {d.deadline.value.replace('_', ' ')}")
    else:
        await _close_item(uow, kind=kind, source_id=d.petition_id)


async def on_petition_overdue(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """An overdue deadline stays (or comes back) on the board at its due date; the board flags it overdue."""
    d = event.data
    await _refresh_item(uow, kind=f"petition_{d.deadline.value}", source_id=d.petition_id, due_on=d.due_on,
                        title=f"Petition {d.petition_id}: {d.deadline.value.replace('_', ' ')} (overdue)")


SUPERVISION_HANDLERS = {
    "qiaolian.rights.petition.filed.v1": on_petitions_filed,
    "qiaolian.rights.petition.accepted.v1": on_petition_accepted,
    "qiaolian.rights.petition.deadline_changed.v1": on_petition_deadline_changed,
    "qiaolian.rights.petition.overdue.v1": on_petition_overdue,
}


# ---- logistics of delegation visits ------------------------------------------------------------

async def free_vehicles(uow: UnitOfWork, starts_on: Any, ends_on: Any) -> list[Vehicle]:
    """In-service vehicles with no active booking overlapping [starts_on, ends_on], largest first.

    The vehicles are locked first (staff bookings lock their vehicle too), and the overlaps are read
    after, in a statement of their own: on PostgreSQL a booking committed meanwhile is then seen, so
    two transactions cannot both take one vehicle. SQLite has one writer at a time anyway.
    """
    vehicles = (await uow.session.scalars(
        sa.select(Vehicle).where(Vehicle.status == "in_service")
        .order_by(Vehicle.seats.desc(), Vehicle.plate).with_for_update())).all()
    busy = set((await uow.session.scalars(sa.select(VehicleBooking.vehicle_id).where(
        VehicleBooking.status.in_(ACTIVE_BOOKING), VehicleBooking.starts_on <= ends_on,
        VehicleBooking.ends_on >= starts_on))).all())
    return [v for v in vehicles if v.id not in busy]


async def on_visit_scheduled(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    if d.needs_reception:
        reception = Reception(id=new_id(), visit_id=d.visit_id, association_name=d.association_name,
                              starts_on=d.arrival_on, ends_on=d.departure_on, status="arranged", created_at=uow.now)
        uow.session.add(reception)
        uow.emit(d.visit_id, ReceptionArranged(
            reception_id=reception.id, visit_id=d.visit_id, starts_on=d.arrival_on, ends_on=d.departure_on))
    if d.vehicles_needed == 0:
        return
    free = await free_vehicles(uow, d.arrival_on, d.departure_on)
    if len(free) < d.vehicles_needed:
        uow.emit(d.visit_id, VehicleBookingDeclined(
            visit_id=d.visit_id, vehicles_needed=d.vehicles_needed, vehicles_available=len(free),
            reason="not_enough_free_vehicles"))
        return
    bookings = [VehicleBooking(id=new_id(), vehicle_id=v.id, visit_id=d.visit_id, starts_on=d.arrival_on,
                               ends_on=d.departure_on, status="booked", created_at=uow.now)
                for v in free[: d.vehicles_needed]]
    uow.session.add_all(bookings)
    await uow.session.flush()  # the next visit in this batch must see these bookings
    uow.emit(d.visit_id, VehicleBooked(
        visit_id=d.visit_id, booking_ids=[b.id for b in bookings], vehicle_ids=[b.vehicle_id for b in bookings],
        starts_on=d.arrival_on, ends_on=d.departure_on))


async def on_visit_cancelled(uow: UnitOfWork, event: Envelope[Any]) -> None:
    visit_id = event.data.visit_id
    bookings = (await uow.session.scalars(
        sa.select(VehicleBooking).where(VehicleBooking.visit_id == visit_id, VehicleBooking.status == "booked"))).all()
    for b in bookings:
        b.status = "released"
    reception = await uow.session.scalar(
        sa.select(Reception).where(Reception.visit_id == visit_id, Reception.status == "arranged"))
    if reception is not None:
        reception.status = "cancelled"
    if bookings or reception is not None:
        uow.emit(visit_id, VehicleBookingReleased(
            visit_id=visit_id, booking_ids=[b.id for b in bookings], reception_cancelled=reception is not None))


LOGISTICS_HANDLERS = {
    "qiaolian.liaison.delegation_visit.scheduled.v1": on_visit_scheduled,
    "qiaolian.liaison.delegation_visit.cancelled.v1": on_visit_cancelled,
    "qiaolian.liaison.delegation_visit.logistics_requested.v1": on_visit_scheduled,  # re-request after a decline
}
