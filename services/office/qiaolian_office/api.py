"""office's HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.clock import today
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import application
from .persistence import SupervisionItem, Vehicle, VehicleBooking

router = APIRouter()

VehicleStatus = Literal["in_service", "maintenance"]


class RegisterVehicle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plate: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=2, max_length=20)]
    seats: int = Field(ge=1, le=80)
    status: VehicleStatus = "in_service"


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


class ItemOut(BaseModel):
    id: str
    kind: str
    office: Office
    source_id: str
    title: str
    due_on: date
    state: Literal["open", "closed"]
    overdue: bool
    opened_at: datetime
    closed_at: datetime | None


@router.post("/vehicles", status_code=201, tags=["vehicles"], summary="Register an official vehicle")
async def register_vehicle(body: RegisterVehicle, request: Request) -> VehicleOut:
    async with get_service(request).uow() as uow:
        v = await application.register_vehicle(uow, plate=body.plate, seats=body.seats, status=body.status)
    return VehicleOut.model_validate(v, from_attributes=True)


@router.get("/vehicles", tags=["vehicles"], summary="The fleet")
async def list_vehicles(request: Request, status: VehicleStatus | None = None,
                        page: PageParams = Depends(page_params)) -> Page[VehicleOut]:
    where = [Vehicle.status == status] if status else []
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Vehicle).where(*where).order_by(Vehicle.plate), page,
                              lambda v: VehicleOut.model_validate(v, from_attributes=True))


@router.get("/vehicle-bookings", tags=["vehicles"], summary="Vehicle bookings")
async def list_bookings(request: Request, visit_id: str | None = None, vehicle_id: str | None = None,
                        status: str | None = None, page: PageParams = Depends(page_params)) -> Page[BookingOut]:
    where = [VehicleBooking.status == status] if status else []
    if visit_id:
        where.append(VehicleBooking.visit_id == visit_id)
    if vehicle_id:
        where.append(VehicleBooking.vehicle_id == vehicle_id)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(VehicleBooking).where(*where)
                              .order_by(VehicleBooking.starts_on, VehicleBooking.id), page,
                              lambda b: BookingOut.model_validate(b, from_attributes=True))


@router.get("/supervision/items", tags=["supervision"], summary="The supervision board (督查), most urgent first")
async def list_items(request: Request, office: Office | None = None, state: Literal["open", "closed"] | None = "open",
                     kind: str | None = None, page: PageParams = Depends(page_params)) -> Page[ItemOut]:
    where = []
    if office:
        where.append(SupervisionItem.office == office.value)
    if state:
        where.append(SupervisionItem.state == state)
    if kind:
        where.append(SupervisionItem.kind == kind)
    svc = get_service(request)
    now = today(svc.clock)

    def out(i: SupervisionItem) -> ItemOut:
        return ItemOut(id=i.id, kind=i.kind, office=Office(i.office), source_id=i.source_id, title=i.title,
                       due_on=i.due_on, state=i.state, overdue=i.state == "open" and i.due_on < now,  # type: ignore[arg-type]
                       opened_at=i.opened_at, closed_at=i.closed_at)

    async with svc.db.sessions() as s:
        return await paginate(s, sa.select(SupervisionItem).where(*where)
                              .order_by(SupervisionItem.due_on, SupervisionItem.id), page, out)
