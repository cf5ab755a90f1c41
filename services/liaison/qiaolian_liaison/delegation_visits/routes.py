"""HTTP routes of delegation visits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import CountryCode, Id

from . import commands, queries
from .rules import VISITS, Part, VisitState, logistics_status
from .tables import DelegationVisit

router = APIRouter(tags=["delegation visits"])


class ItineraryDay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day: Day
    plan: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class ScheduleVisit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: Literal["proposed", "scheduled"] = Field(
        "scheduled", description="proposed: wait for approval and scheduling; scheduled (default): ask office now"
    )
    association_id: Id | None = Field(None, description="the visiting association, when registered")
    members: list[Id] = Field(default_factory=list, max_length=500, description="person ids of the members")
    itinerary: list[ItineraryDay] = Field(default_factory=list, max_length=60)
    hosts: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=20, description="host units or officials"
    )
    association_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    country: CountryCode = Field(description="ISO 3166-1 alpha-2, e.g. MY, US")
    size: int = Field(ge=1, le=500)
    arrival_on: Day
    departure_on: Day
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
    association_id: str | None
    members: list[str]
    itinerary: list[dict[str, Any]]
    hosts: list[str]
    concluded_on: date | None
    logistics: Logistics
    allowed_commands: list[str]
    created_at: datetime

    @classmethod
    def of(cls, v: DelegationVisit) -> VisitOut:
        reception, vehicles = Part(v.reception_status), Part(v.vehicle_status)
        return cls(
            id=v.id,
            association_name=v.association_name,
            country=v.country,
            size=v.size,
            arrival_on=v.arrival_on,
            departure_on=v.departure_on,
            needs_reception=v.needs_reception,
            vehicles_needed=v.vehicles_needed,
            state=VisitState(v.state),
            association_id=v.association_id,
            members=list(v.members or []),
            itinerary=list(v.itinerary or []),
            hosts=list(v.hosts or []),
            concluded_on=v.concluded_on,
            logistics=Logistics(
                status=logistics_status(reception, vehicles),
                reception=reception,
                vehicles=vehicles,
                vehicle_ids=list(v.vehicle_ids or []),
                vehicles_available=v.vehicles_available,
            ),
            allowed_commands=VISITS.commands(VisitState(v.state)),
            created_at=v.created_at,
        )


@router.post(
    "/delegation-visits",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Propose or schedule a delegation visit (回湘參訪)",
)
async def schedule_visit(body: ScheduleVisit, request: Request) -> VisitOut:
    cmd = commands.CreateVisit(**{**body.model_dump(), "state": VisitState(body.state)})
    async with get_service(request).uow() as uow:
        return VisitOut.of(await commands.create_visit(uow, cmd))


@router.get("/delegation-visits", dependencies=[permit("liaison.read")], summary="List delegation visits")
async def list_visits(
    request: Request,
    state: VisitState | None = None,
    country: CountryCode | None = None,
    association_id: str | None = Query(None, max_length=64),
    arriving_from: Day | None = None,
    arriving_to: Day | None = None,
    logistics: queries.LogisticsFilter | None = Query(
        None, description="needs_attention: office declined part of the logistics"
    ),
    page: PageParams = Depends(page_params),
) -> Page[VisitOut]:
    stmt = queries.visits(
        state=state,
        country=country,
        association_id=association_id,
        arriving_from=arriving_from,
        arriving_to=arriving_to,
        logistics=logistics,
    )
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, VisitOut.of)


@router.get(
    "/delegation-visits/{visit_id}",
    dependencies=[permit("liaison.read")],
    summary="One delegation visit with its logistics outcome",
)
async def get_visit(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).db.sessions() as s:
        return VisitOut.of(await get_or_404(s, DelegationVisit, "delegation visit", visit_id))


@router.post(
    "/delegation-visits/{visit_id}/approve",
    dependencies=[permit("liaison.approve")],
    summary="Approve a proposed visit",
)
async def approve_visit(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).uow() as uow:
        return VisitOut.of(await commands.approve_visit(uow, commands.ApproveVisit(visit_id)))


@router.post(
    "/delegation-visits/{visit_id}/schedule",
    dependencies=[permit("liaison.write")],
    summary="Schedule an approved visit; office is asked for logistics",
)
async def schedule_approved(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).uow() as uow:
        return VisitOut.of(await commands.schedule_approved_visit(uow, commands.ScheduleApprovedVisit(visit_id)))


@router.post(
    "/delegation-visits/{visit_id}/arrive", dependencies=[permit("liaison.write")], summary="The delegation arrived"
)
async def arrive_visit(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).uow() as uow:
        return VisitOut.of(await commands.record_arrival(uow, commands.RecordArrival(visit_id)))


@router.post(
    "/delegation-visits/{visit_id}/conclude",
    dependencies=[permit("liaison.write")],
    summary="The visit ended; publishes delegation_visit.concluded",
)
async def conclude_visit(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).uow() as uow:
        return VisitOut.of(await commands.conclude_visit(uow, commands.ConcludeVisit(visit_id)))


@router.post(
    "/delegation-visits/{visit_id}/request-logistics",
    dependencies=[permit("liaison.write")],
    summary="Ask office again after it declined (logistics needs attention)",
)
async def request_logistics(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).uow() as uow:
        return VisitOut.of(await commands.request_logistics_again(uow, commands.RequestLogisticsAgain(visit_id)))


@router.post(
    "/delegation-visits/{visit_id}/cancel",
    dependencies=[permit("liaison.write")],
    summary="Cancel a visit; office releases its logistics",
)
async def cancel_visit(visit_id: str, request: Request) -> VisitOut:
    async with get_service(request).uow() as uow:
        return VisitOut.of(await commands.cancel_visit(uow, commands.CancelVisit(visit_id)))
