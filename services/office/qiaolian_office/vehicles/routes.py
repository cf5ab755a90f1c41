"""The fleet and its bookings over HTTP (公務用車): `POST /vehicles/{id}/status` moves a vehicle in and
out of maintenance."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import TRANSITIONS, BookingState, VehicleStatus, visit_commands
from .tables import VehicleBooking

router = APIRouter(tags=["vehicles"])


class RegisterVehicle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plate: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=2, max_length=20)]
    seats: int = Field(ge=1, le=80)
    status: VehicleStatus = "in_service"


class Book(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vehicle_id: Annotated[Text, StringConstraints(max_length=64)]
    starts_on: Day
    ends_on: Day
    purpose: Annotated[Text, StringConstraints(max_length=500)]
    requested_by: Annotated[Text, StringConstraints(max_length=100)] = Field(description="the staff member")
    office: Office


class Odometer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    odometer_km: int = Field(ge=0, le=10_000_000)


class SetStatus(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["in_service", "maintenance"]


class VehicleOut(BaseModel):
    id: str
    plate: str
    seats: int
    status: VehicleStatus
    created_at: datetime


class BookingOut(BaseModel):
    id: str
    vehicle_id: str
    visit_id: str | None
    starts_on: date
    ends_on: date
    status: str


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
        return cls(
            id=b.id,
            vehicle_id=b.vehicle_id,
            visit_id=b.visit_id,
            starts_on=b.starts_on,
            ends_on=b.ends_on,
            status=state,
            purpose=b.purpose,
            requested_by=b.requested_by,
            office=Office(b.requesting_office) if b.requesting_office else None,
            odometer_out=b.odometer_out,
            odometer_in=b.odometer_in,
            dispatched_on=b.dispatched_on,
            returned_on=b.returned_on,
            allowed_commands=visit_commands(state) if b.visit_id else TRANSITIONS.commands(state),
        )


@router.post(
    "/vehicles", dependencies=[permit("office.write")], status_code=201, summary="Register an official vehicle"
)
async def register_vehicle(body: RegisterVehicle, request: Request) -> VehicleOut:
    async with get_service(request).uow() as uow:
        v = await commands.register_vehicle(uow, commands.RegisterVehicle(**body.model_dump()))
    return VehicleOut.model_validate(v, from_attributes=True)


@router.get("/vehicles", dependencies=[permit("office.read")], summary="The fleet")
async def list_vehicles(
    request: Request, status: VehicleStatus | None = None, page: PageParams = Depends(page_params)
) -> Page[VehicleOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(
            s, queries.vehicles(status=status), page, lambda v: VehicleOut.model_validate(v, from_attributes=True)
        )


@router.post(
    "/vehicles/{vehicle_id}/status",
    dependencies=[permit("office.write")],
    summary="Take a vehicle into maintenance or back into service",
)
async def set_vehicle_status(vehicle_id: str, body: SetStatus, request: Request) -> dict[str, str]:
    async with get_service(request).uow() as uow:
        await commands.set_status(uow, commands.SetVehicleStatus(vehicle_id=vehicle_id, status=body.status))
    return {"id": vehicle_id, "status": body.status}


@router.get("/vehicle-bookings", dependencies=[permit("office.read")], summary="Vehicle bookings")
async def list_bookings(
    request: Request,
    visit_id: str | None = None,
    vehicle_id: str | None = None,
    status: str | None = None,
    page: PageParams = Depends(page_params),
) -> Page[BookingOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(
            s,
            queries.bookings(visit_id=visit_id, vehicle_id=vehicle_id, status=status),
            page,
            lambda b: BookingOut.model_validate(b, from_attributes=True),
        )


@router.post(
    "/vehicle-bookings",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Book a vehicle (409 if taken or in maintenance)",
)
async def book_vehicle(body: Book, request: Request) -> StaffBookingOut:
    async with get_service(request).uow() as uow:
        b = await commands.book(uow, commands.BookVehicle(**body.model_dump()))
    return StaffBookingOut.of(b)


@router.get("/vehicle-bookings/{booking_id}", dependencies=[permit("office.read")], summary="A vehicle booking")
async def get_booking(booking_id: str, request: Request) -> StaffBookingOut:
    async with get_service(request).db.sessions() as s:
        return StaffBookingOut.of(await get_or_404(s, VehicleBooking, "vehicle booking", booking_id))


@router.post(
    "/vehicle-bookings/{booking_id}/dispatch",
    dependencies=[permit("office.write")],
    summary="The vehicle leaves; record the odometer",
)
async def dispatch_booking(booking_id: str, body: Odometer, request: Request) -> StaffBookingOut:
    async with get_service(request).uow() as uow:
        b = await commands.dispatch(uow, commands.DispatchBooking(booking_id=booking_id, **body.model_dump()))
    return StaffBookingOut.of(b)


@router.post(
    "/vehicle-bookings/{booking_id}/return",
    dependencies=[permit("office.write")],
    summary="The vehicle is back; record the odometer",
)
async def return_booking(booking_id: str, body: Odometer, request: Request) -> StaffBookingOut:
    async with get_service(request).uow() as uow:
        b = await commands.take_back(uow, commands.ReturnBooking(booking_id=booking_id, **body.model_dump()))
    return StaffBookingOut.of(b)


@router.post(
    "/vehicle-bookings/{booking_id}/cancel",
    dependencies=[permit("office.write")],
    summary="Cancel a booking before dispatch",
)
async def cancel_booking(booking_id: str, request: Request) -> StaffBookingOut:
    async with get_service(request).uow() as uow:
        b = await commands.cancel(uow, commands.CancelBooking(booking_id=booking_id))
    return StaffBookingOut.of(b)
