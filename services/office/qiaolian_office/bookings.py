"""Vehicle bookings by staff (公務用車): book a vehicle for some days, dispatch it, take it back.

States: `booked` → (dispatch, with the odometer) `dispatched` → (return, with the odometer) `returned`;
`cancel` frees a booked vehicle. A vehicle is never held twice for the same day, whether by a staff
booking or by a delegation visit's (409): the booking locks the vehicle's row before it looks for
overlaps (SQLite serialises writers; PostgreSQL's SELECT ... FOR UPDATE serialises bookings of one
vehicle). A vehicle in maintenance takes no booking (409); `POST /vehicles/{id}/status` moves it in
and out of maintenance. Events carry ids, dates and the office, never the purpose or the person.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.service import get_service
from qiaolian_chassis.statemachine import Transitions
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import StaffVehicleBooking, StaffVehicleBookingReturned
from qiaolian_contracts.ids import new_id

from .persistence import ACTIVE_BOOKING, Vehicle, VehicleBooking, get_or_404

MADE = "qiaolian.office.vehicle_booking.made.v1"
CANCELLED = "qiaolian.office.vehicle_booking.cancelled.v1"
DISPATCHED = "qiaolian.office.vehicle_booking.dispatched.v1"
RETURNED = "qiaolian.office.vehicle_booking.returned.v1"


class BookingState(StrEnum):
    booked = "booked"
    dispatched = "dispatched"
    returned = "returned"
    cancelled = "cancelled"
    released = "released"  # a visit's booking, freed when the visit was cancelled


MACHINE = Transitions("vehicle booking", {
    "dispatch": frozenset({BookingState.booked}),
    "return": frozenset({BookingState.dispatched}),
    "cancel": frozenset({BookingState.booked}),
})


# ---- commands ----------------------------------------------------------------------------------

async def book(uow: UnitOfWork, *, vehicle_id: str, starts_on: date, ends_on: date, purpose: str,
               requested_by: str, office: Office, on: date) -> VehicleBooking:
    if ends_on < starts_on:
        raise Invalid("ends_on", "cannot be before starts_on")
    if starts_on < on:
        raise Invalid("starts_on", f"cannot be before today ({on})")
    vehicle = await get_or_404(uow.session, Vehicle, "vehicle", vehicle_id, for_update=True)
    if vehicle.status != "in_service":
        raise Conflict(f"vehicle {vehicle.plate} is in {vehicle.status}", vehicle_status=vehicle.status)
    clash = await uow.session.scalar(sa.select(VehicleBooking.id).where(
        VehicleBooking.vehicle_id == vehicle_id, VehicleBooking.status.in_(ACTIVE_BOOKING),
        VehicleBooking.starts_on <= ends_on, VehicleBooking.ends_on >= starts_on).limit(1))
    if clash:
        raise Conflict(f"vehicle {vehicle.plate} is already booked on some of these days", booking_id=clash)
    b = VehicleBooking(id=new_id(), vehicle_id=vehicle_id, visit_id=None, starts_on=starts_on, ends_on=ends_on,
                       status=BookingState.booked.value, created_at=uow.now, purpose=purpose,
                       requested_by=requested_by, requesting_office=office.value)
    uow.session.add(b)
    uow.emit(b.id, _fact(b), event_type=MADE)
    return b


def _fact(b: VehicleBooking) -> StaffVehicleBooking:
    return StaffVehicleBooking(booking_id=b.id, vehicle_id=b.vehicle_id, office=Office(b.requesting_office),
                               starts_on=b.starts_on, ends_on=b.ends_on)


async def _load(uow: UnitOfWork, booking_id: str, command: str) -> VehicleBooking:
    b = await get_or_404(uow.session, VehicleBooking, "vehicle booking", booking_id, for_update=True)
    if b.visit_id is not None:
        raise Conflict("a delegation visit's booking follows the visit; it is not dispatched here",
                       current_state=b.status, allowed_commands=[])
    MACHINE.require(BookingState(b.status), command)
    return b


async def _last_reading(uow: UnitOfWork, vehicle_id: str) -> int:
    v = await uow.session.scalar(sa.select(sa.func.max(VehicleBooking.odometer_in))
                                 .where(VehicleBooking.vehicle_id == vehicle_id))
    return int(v or 0)


async def dispatch(uow: UnitOfWork, booking_id: str, odometer_km: int, on: date) -> VehicleBooking:
    b = await _load(uow, booking_id, "dispatch")
    last = await _last_reading(uow, b.vehicle_id)
    if odometer_km < last:
        raise Invalid("odometer_km", f"cannot be below the last reading of this vehicle ({last} km)")
    b.status, b.odometer_out, b.dispatched_on = BookingState.dispatched.value, odometer_km, on
    uow.emit(b.id, _fact(b), event_type=DISPATCHED)
    return b


async def take_back(uow: UnitOfWork, booking_id: str, odometer_km: int, on: date) -> VehicleBooking:
    b = await _load(uow, booking_id, "return")
    if odometer_km < (b.odometer_out or 0):
        raise Invalid("odometer_km", f"cannot be below the reading at dispatch ({b.odometer_out} km)")
    b.status, b.odometer_in, b.returned_on = BookingState.returned.value, odometer_km, on
    uow.emit(b.id, StaffVehicleBookingReturned(booking_id=b.id, vehicle_id=b.vehicle_id, returned_on=on,
                                                         distance_km=odometer_km - (b.odometer_out or 0)))
    return b


async def cancel(uow: UnitOfWork, booking_id: str) -> VehicleBooking:
    b = await _load(uow, booking_id, "cancel")
    b.status = BookingState.cancelled.value
    uow.emit(b.id, _fact(b), event_type=CANCELLED)
    return b


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["vehicles"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Book(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vehicle_id: Annotated[Text, StringConstraints(max_length=64)]
    starts_on: date
    ends_on: date
    purpose: Annotated[Text, StringConstraints(max_length=500)]
    requested_by: Annotated[Text, StringConstraints(max_length=100)] = Field(description="the staff member")
    office: Office


class Odometer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    odometer_km: int = Field(ge=0, le=10_000_000)


class SetStatus(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["in_service", "maintenance"]


class StaffBookingOut(BaseModel):
    id: str
    vehicle_id: str
    visit_id: str | None
    starts_on: date
    ends_on: date
    status: BookingState
    purpose: str | None
    requested_by: str | None
    office: Office | None
    odometer_out: int | None
    odometer_in: int | None
    dispatched_on: date | None
    returned_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, b: VehicleBooking) -> StaffBookingOut:
        state = BookingState(b.status)
        return cls(id=b.id, vehicle_id=b.vehicle_id, visit_id=b.visit_id, starts_on=b.starts_on, ends_on=b.ends_on,
                   status=state, purpose=b.purpose, requested_by=b.requested_by,
                   office=Office(b.requesting_office) if b.requesting_office else None,
                   odometer_out=b.odometer_out, odometer_in=b.odometer_in, dispatched_on=b.dispatched_on,
                   returned_on=b.returned_on,
                   allowed_commands=[] if b.visit_id else MACHINE.commands(state))


@router.post("/vehicle-bookings", status_code=201, summary="Book a vehicle (409 if taken or in maintenance)")
async def book_vehicle(body: Book, request: Request) -> StaffBookingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        b = await book(uow, vehicle_id=body.vehicle_id, starts_on=body.starts_on, ends_on=body.ends_on,
                       purpose=body.purpose, requested_by=body.requested_by, office=body.office,
                       on=today(svc.clock))
    return StaffBookingOut.of(b)


@router.get("/vehicle-bookings/{booking_id}", summary="A vehicle booking")
async def get_booking(booking_id: str, request: Request) -> StaffBookingOut:
    async with get_service(request).db.sessions() as s:
        return StaffBookingOut.of(await get_or_404(s, VehicleBooking, "vehicle booking", booking_id))


@router.post("/vehicle-bookings/{booking_id}/dispatch", summary="The vehicle leaves; record the odometer")
async def dispatch_booking(booking_id: str, body: Odometer, request: Request) -> StaffBookingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        b = await dispatch(uow, booking_id, body.odometer_km, today(svc.clock))
    return StaffBookingOut.of(b)


@router.post("/vehicle-bookings/{booking_id}/return", summary="The vehicle is back; record the odometer")
async def return_booking(booking_id: str, body: Odometer, request: Request) -> StaffBookingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        b = await take_back(uow, booking_id, body.odometer_km, today(svc.clock))
    return StaffBookingOut.of(b)


@router.post("/vehicle-bookings/{booking_id}/cancel", summary="Cancel a booking before dispatch")
async def cancel_booking(booking_id: str, request: Request) -> StaffBookingOut:
    async with get_service(request).uow() as uow:
        b = await cancel(uow, booking_id)
    return StaffBookingOut.of(b)


@router.post("/vehicles/{vehicle_id}/status", summary="Take a vehicle into maintenance or back into service")
async def set_vehicle_status(vehicle_id: str, body: SetStatus, request: Request) -> dict[str, str]:
    async with get_service(request).uow() as uow:
        v = await get_or_404(uow.session, Vehicle, "vehicle", vehicle_id, for_update=True)
        v.status = body.status
    return {"id": vehicle_id, "status": body.status}
