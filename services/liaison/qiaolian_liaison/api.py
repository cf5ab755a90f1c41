"""liaison's HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.http import Page, PageParams, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import CountryCode

from . import application, domain
from .domain import Part, VisitState
from .persistence import DelegationVisit

router = APIRouter(tags=["delegation visits"])


class ScheduleVisit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    association_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    country: CountryCode = Field(description="ISO 3166-1 alpha-2, e.g. MY, US")
    size: int = Field(ge=1, le=500)
    arrival_on: date
    departure_on: date
    needs_reception: bool = True
    vehicles_needed: int = Field(0, ge=0, le=50)


class Logistics(BaseModel):
    status: str = Field(description="pending, arranged, needs_attention, released or not_needed")
    reception: Part
    vehicles: Part
    vehicle_ids: list[str]
    vehicles_available: int | None = Field(None, description="free vehicles office reported when it declined")


class VisitOut(BaseModel):
    id: str
    association_name: str
    country: str
    size: int
    arrival_on: date
    departure_on: date
    needs_reception: bool
    vehicles_needed: int
    state: VisitState
    logistics: Logistics
    allowed_commands: list[str]
    created_at: datetime

    @classmethod
    def of(cls, v: DelegationVisit) -> VisitOut:
        reception, vehicles = Part(v.reception_status), Part(v.vehicle_status)
        return cls(
            id=v.id, association_name=v.association_name, country=v.country, size=v.size,
            arrival_on=v.arrival_on, departure_on=v.departure_on, needs_reception=v.needs_reception,
            vehicles_needed=v.vehicles_needed, state=VisitState(v.state),
            logistics=Logistics(status=domain.logistics_status(reception, vehicles), reception=reception,
                                vehicles=vehicles, vehicle_ids=list(v.vehicle_ids or []),
                                vehicles_available=v.vehicles_available),
            allowed_commands=domain.allowed_commands(VisitState(v.state)), created_at=v.created_at,
        )


@router.post("/delegation-visits", status_code=201, summary="Schedule a delegation visit (回湘參訪)")
async def schedule_visit(body: ScheduleVisit, request: Request) -> VisitOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        v = await application.schedule_visit(uow, svc.clock, **body.model_dump())
    return VisitOut.of(v)


@router.get("/delegation-visits", summary="List delegation visits")
async def list_visits(request: Request, state: VisitState | None = None, country: CountryCode | None = None,
                      page: PageParams = Depends(page_params)) -> Page[VisitOut]:
    where = []
    if state:
        where.append(DelegationVisit.state == state.value)
    if country:
        where.append(DelegationVisit.country == country)
    async with get_service(request).db.sessions() as s:
        total = await s.scalar(sa.select(sa.func.count()).select_from(DelegationVisit).where(*where))
        rows = (await s.scalars(sa.select(DelegationVisit).where(*where)
                                .order_by(DelegationVisit.arrival_on, DelegationVisit.id)
                                .limit(page.limit).offset(page.offset))).all()
    return Page(items=[VisitOut.of(v) for v in rows], total=total or 0, limit=page.limit, offset=page.offset)


@router.get("/delegation-visits/{visit_id}", summary="One delegation visit with its logistics outcome")
async def get_visit(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).db.sessions() as s:
        v = await s.get(DelegationVisit, visit_id)
    if v is None:
        raise NotFound(f"delegation visit {visit_id} not found")
    return VisitOut.of(v)


@router.post("/delegation-visits/{visit_id}/cancel", summary="Cancel a visit; office releases its logistics")
async def cancel_visit(visit_id: str, request: Request) -> VisitOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        v = await application.cancel_visit(uow, svc.clock, visit_id)
    return VisitOut.of(v)
