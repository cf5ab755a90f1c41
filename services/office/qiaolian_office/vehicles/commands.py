"""The fleet's commands: register a vehicle, take it into maintenance and back; staff bookings (book,
dispatch, return, cancel); and the bookings of delegation visits.

A vehicle is never held twice for the same day, whether by a staff booking or by a delegation visit's
(409): a booking locks the vehicle's row before it looks for overlaps (SQLite serialises writers;
PostgreSQL's SELECT ... FOR UPDATE serialises bookings of one vehicle). A vehicle in maintenance takes
no booking (409). Events carry ids, dates and the office, never the purpose or the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import (
    StaffVehicleBooking,
    StaffVehicleBookingReturned,
    VehicleBooked,
    VehicleBookingDeclined,
)
from qiaolian_contracts.ids import new_id

from .rules import (
    ACTIVE_BOOKING,
    IN_SERVICE,
    TRANSITIONS,
    BookingState,
    check_dates,
    check_odometer_in,
    check_odometer_out,
    visit_commands,
)
from .tables import Vehicle, VehicleBooking

# one model, StaffVehicleBooking, for three facts of a staff booking
MADE = "qiaolian.office.vehicle_booking.made.v1"
CANCELLED = "qiaolian.office.vehicle_booking.cancelled.v1"
DISPATCHED = "qiaolian.office.vehicle_booking.dispatched.v1"


# ---- the fleet ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterVehicle:
    plate: str
    seats: int
    status: str


@dataclass(frozen=True)
class SetVehicleStatus:
    vehicle_id: str
    status: str


async def register_vehicle(uow: UnitOfWork, cmd: RegisterVehicle) -> Vehicle:
    taken = await uow.session.scalar(sa.select(Vehicle.id).where(Vehicle.plate == cmd.plate))
    if taken:
        raise Conflict(f"a vehicle with plate {cmd.plate} is already registered", vehicle_id=taken)
    vehicle = Vehicle(id=new_id(), plate=cmd.plate, seats=cmd.seats, status=cmd.status, created_at=uow.now)
    uow.session.add(vehicle)
    return vehicle


async def set_status(uow: UnitOfWork, cmd: SetVehicleStatus) -> Vehicle:
    v: Vehicle = await get_or_404(uow.session, Vehicle, "vehicle", cmd.vehicle_id, for_update=True)
    v.status = cmd.status
    return v


# ---- bookings by staff -------------------------------------------------------------------------


@dataclass(frozen=True)
class BookVehicle:
    vehicle_id: str
    starts_on: date
    ends_on: date
    purpose: str
    requested_by: str
    office: Office


@dataclass(frozen=True)
class DispatchBooking:
    booking_id: str
    odometer_km: int


@dataclass(frozen=True)
class ReturnBooking:
    booking_id: str
    odometer_km: int


@dataclass(frozen=True)
class CancelBooking:
    booking_id: str


def _fact(b: VehicleBooking) -> StaffVehicleBooking:
    # a staff booking names the office that made it; a delegation visit's was asked for by liaison
    return StaffVehicleBooking(
        booking_id=b.id,
        vehicle_id=b.vehicle_id,
        office=Office(b.requesting_office or Office.liaison.value),
        starts_on=b.starts_on,
        ends_on=b.ends_on,
    )


async def book(uow: UnitOfWork, cmd: BookVehicle) -> VehicleBooking:
    check_dates(cmd.starts_on, cmd.ends_on, uow.today)
    vehicle: Vehicle = await get_or_404(uow.session, Vehicle, "vehicle", cmd.vehicle_id, for_update=True)
    if vehicle.status != IN_SERVICE:
        raise Conflict(f"vehicle {vehicle.plate} is in {vehicle.status}", vehicle_status=vehicle.status)
    clash = await uow.session.scalar(
        sa.select(VehicleBooking.id)
        .where(
            VehicleBooking.vehicle_id == cmd.vehicle_id,
            VehicleBooking.status.in_(ACTIVE_BOOKING),
            VehicleBooking.starts_on <= cmd.ends_on,
            VehicleBooking.ends_on >= cmd.starts_on,
        )
        .limit(1)
    )
    if clash:
        raise Conflict(f"vehicle {vehicle.plate} is already booked on some of these days", booking_id=clash)
    b = VehicleBooking(
        id=new_id(),
        vehicle_id=cmd.vehicle_id,
        visit_id=None,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        status=BookingState.booked.value,
        created_at=uow.now,
        purpose=cmd.purpose,
        requested_by=cmd.requested_by,
        requesting_office=cmd.office.value,
    )
    uow.session.add(b)
    uow.emit(b.id, _fact(b), event_type=MADE)
    return b


async def _load(uow: UnitOfWork, booking_id: str, command: str) -> tuple[VehicleBooking, BookingState]:
    """The staff booking, locked, and the state `command` leads it to (409 if not allowed now)."""
    b: VehicleBooking = await get_or_404(uow.session, VehicleBooking, "vehicle booking", booking_id, for_update=True)
    if b.visit_id is not None and command == "cancel":
        raise Conflict(
            "a delegation visit's booking is released with the visit; it is not cancelled here",
            current_state=b.status,
            allowed_commands=visit_commands(BookingState(b.status)),
        )
    return b, TRANSITIONS.apply(BookingState(b.status), command)


async def _last_reading(uow: UnitOfWork, vehicle_id: str) -> int:
    v = await uow.session.scalar(
        sa.select(sa.func.max(VehicleBooking.odometer_in)).where(VehicleBooking.vehicle_id == vehicle_id)
    )
    return int(v or 0)


async def dispatch(uow: UnitOfWork, cmd: DispatchBooking) -> VehicleBooking:
    b, state = await _load(uow, cmd.booking_id, "dispatch")
    check_odometer_out(cmd.odometer_km, await _last_reading(uow, b.vehicle_id))
    b.status, b.odometer_out, b.dispatched_on = state.value, cmd.odometer_km, uow.today
    uow.emit(b.id, _fact(b), event_type=DISPATCHED)
    return b


async def take_back(uow: UnitOfWork, cmd: ReturnBooking) -> VehicleBooking:
    b, state = await _load(uow, cmd.booking_id, "return")
    distance = check_odometer_in(cmd.odometer_km, b.odometer_out)
    b.status, b.odometer_in, b.returned_on = state.value, cmd.odometer_km, uow.today
    uow.emit(
        b.id,
        StaffVehicleBookingReturned(
            booking_id=b.id, vehicle_id=b.vehicle_id, returned_on=uow.today, distance_km=distance
        ),
    )
    return b


async def cancel(uow: UnitOfWork, cmd: CancelBooking) -> VehicleBooking:
    b, state = await _load(uow, cmd.booking_id, "cancel")
    b.status = state.value
    uow.emit(b.id, _fact(b), event_type=CANCELLED)
    return b


# ---- bookings of delegation visits -------------------------------------------------------------


@dataclass(frozen=True)
class BookForVisit:
    visit_id: str
    starts_on: date
    ends_on: date
    vehicles_needed: int


@dataclass(frozen=True)
class ReleaseForVisit:
    visit_id: str


async def free_vehicles(uow: UnitOfWork, starts_on: date, ends_on: date) -> list[Vehicle]:
    """In-service vehicles with no active booking overlapping [starts_on, ends_on], largest first.

    The vehicles are locked first (staff bookings lock their vehicle too), and the overlaps are read
    after, in a statement of their own: on PostgreSQL a booking committed meanwhile is then seen, so
    two transactions cannot both take one vehicle. SQLite has one writer at a time anyway.
    """
    vehicles = (
        await uow.session.scalars(
            sa.select(Vehicle)
            .where(Vehicle.status == IN_SERVICE)
            .order_by(Vehicle.seats.desc(), Vehicle.plate)
            .with_for_update()
        )
    ).all()
    busy = set(
        (
            await uow.session.scalars(
                sa.select(VehicleBooking.vehicle_id).where(
                    VehicleBooking.status.in_(ACTIVE_BOOKING),
                    VehicleBooking.starts_on <= ends_on,
                    VehicleBooking.ends_on >= starts_on,
                )
            )
        ).all()
    )
    return [v for v in vehicles if v.id not in busy]


async def book_for_visit(uow: UnitOfWork, cmd: BookForVisit) -> list[VehicleBooking]:
    """Book the vehicles a visit needs (vehicle.booked), or none if too few are free (booking_declined)."""
    free = await free_vehicles(uow, cmd.starts_on, cmd.ends_on)
    if len(free) < cmd.vehicles_needed:
        uow.emit(
            cmd.visit_id,
            VehicleBookingDeclined(
                visit_id=cmd.visit_id,
                vehicles_needed=cmd.vehicles_needed,
                vehicles_available=len(free),
                reason="not_enough_free_vehicles",
            ),
        )
        return []
    bookings = [
        VehicleBooking(
            id=new_id(),
            vehicle_id=v.id,
            visit_id=cmd.visit_id,
            starts_on=cmd.starts_on,
            ends_on=cmd.ends_on,
            status=BookingState.booked.value,
            created_at=uow.now,
        )
        for v in free[: cmd.vehicles_needed]
    ]
    uow.session.add_all(bookings)
    await uow.session.flush()  # the next visit in this batch must see these bookings
    uow.emit(
        cmd.visit_id,
        VehicleBooked(
            visit_id=cmd.visit_id,
            booking_ids=[b.id for b in bookings],
            vehicle_ids=[b.vehicle_id for b in bookings],
            starts_on=cmd.starts_on,
            ends_on=cmd.ends_on,
        ),
    )
    return bookings


async def release_for_visit(uow: UnitOfWork, cmd: ReleaseForVisit) -> list[VehicleBooking]:
    """Free the vehicles booked for a cancelled or concluded visit and never dispatched; returns them."""
    bookings = list(
        (
            await uow.session.scalars(
                sa.select(VehicleBooking).where(
                    VehicleBooking.visit_id == cmd.visit_id, VehicleBooking.status == BookingState.booked.value
                )
            )
        ).all()
    )
    for b in bookings:
        b.status = BookingState.released.value
    return bookings
