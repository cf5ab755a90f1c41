"""Receptions over HTTP (公務接待): the plan, confirmed, held and closed with its cost, or declined (the
office head's decision, `office.approve`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service

from ..settings import OfficeSettings
from . import commands, queries
from .rules import TRANSITIONS, DeclineReason, GuestLevel, ReceptionState, ceiling
from .tables import Reception

router = APIRouter(prefix="/receptions", tags=["reception"])

Yuan = Annotated[int, Field(ge=0, le=100_000_000, description="in yuan")]


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    guests: int = Field(ge=1, le=1000)
    guest_level: GuestLevel
    meals: int = Field(ge=0, le=100, description="meals per guest")
    nights: int = Field(ge=0, le=60, description="nights of accommodation per guest")
    venue: Annotated[Text, StringConstraints(max_length=200)]
    hosting_leader_id: Annotated[Text, StringConstraints(max_length=64)] = Field(
        description="the leader who hosts: a cadre of the staff directory"
    )
    budget_yuan: Yuan

    def plan(self) -> commands.Plan:
        return commands.Plan(**self.model_dump())


class Standalone(PlanIn):
    association_name: Annotated[Text, StringConstraints(max_length=200)] = Field(description="the guests' organisation")
    starts_on: Day
    ends_on: Day


class Decline(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: DeclineReason
    note: Annotated[Text, StringConstraints(max_length=500)] = Field(description="the words; kept in office")


class Close(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actual_cost_yuan: Yuan


class ReceptionOut(BaseModel):
    id: str
    visit_id: str | None
    association_name: str
    starts_on: date
    ends_on: date
    status: ReceptionState
    guests: int | None
    guest_level: str | None
    meals: int | None
    nights: int | None
    venue: str | None
    hosting_leader_id: str | None
    budget_yuan: int | None
    standard_yuan: int | None = Field(description="the most the plan may budget at the per-head standard")
    decline_reason: str | None
    decline_note: str | None
    decided_on: date | None
    held_on: date | None
    closed_on: date | None
    actual_cost_yuan: int | None
    over_budget: bool | None
    created_at: datetime
    allowed_commands: list[str]

    @classmethod
    def of(cls, r: Reception) -> ReceptionOut:
        state = ReceptionState(r.status)
        s = OfficeSettings()
        standard = (
            ceiling(r.guests, r.meals or 0, r.nights or 0, s.reception_meal_yuan, s.reception_night_yuan)
            if r.guests is not None
            else None
        )
        allowed = TRANSITIONS.commands(state)
        if r.visit_id is not None:
            allowed = [c for c in allowed if c != "cancel"]  # with the visit
        return cls(
            id=r.id,
            visit_id=r.visit_id,
            association_name=r.association_name,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            status=state,
            guests=r.guests,
            guest_level=r.guest_level,
            meals=r.meals,
            nights=r.nights,
            venue=r.venue,
            hosting_leader_id=r.hosting_leader_id,
            budget_yuan=r.budget_yuan,
            standard_yuan=standard,
            decline_reason=r.decline_reason,
            decline_note=r.decline_note,
            decided_on=r.decided_on,
            held_on=r.held_on,
            closed_on=r.closed_on,
            actual_cost_yuan=r.actual_cost_yuan,
            over_budget=None
            if r.actual_cost_yuan is None or r.budget_yuan is None
            else r.actual_cost_yuan > r.budget_yuan,
            created_at=r.created_at,
            allowed_commands=allowed,
        )


@router.get("", dependencies=[permit("office.read")], summary="Receptions, earliest first")
async def list_receptions(
    request: Request,
    status: ReceptionState | None = None,
    visit_id: str | None = None,
    standalone: bool | None = None,
    from_on: Day | None = None,
    to_on: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ReceptionOut]:
    stmt = queries.receptions(status=status, visit_id=visit_id, standalone=standalone, from_on=from_on, to_on=to_on)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, ReceptionOut.of)


@router.post(
    "",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Plan a standalone reception (budget within the per-head standard, else 422)",
)
async def create_reception(body: Standalone, request: Request) -> ReceptionOut:
    plan = commands.Plan(**body.model_dump(include=set(PlanIn.model_fields)))
    async with get_service(request).uow() as uow:
        r = await commands.create_standalone(
            uow, commands.CreateStandalone(body.association_name, body.starts_on, body.ends_on, plan)
        )
    return ReceptionOut.of(r)


@router.get("/{reception_id}", dependencies=[permit("office.read")], summary="A reception")
async def get_reception(reception_id: str, request: Request) -> ReceptionOut:
    async with get_service(request).db.sessions() as s:
        return ReceptionOut.of(await get_or_404(s, Reception, "reception", reception_id))


@router.post(
    "/{reception_id}/plan",
    dependencies=[permit("office.write")],
    summary="Plan (or plan again) a requested reception: guests, meals, nights, venue, host, budget",
)
async def plan_reception(reception_id: str, body: PlanIn, request: Request) -> ReceptionOut:
    async with get_service(request).uow() as uow:
        r = await commands.plan(uow, commands.PlanReception(reception_id, body.plan()))
    return ReceptionOut.of(r)


@router.post("/{reception_id}/confirm", dependencies=[permit("office.write")], summary="Confirm the plan")
async def confirm_reception(reception_id: str, request: Request) -> ReceptionOut:
    async with get_service(request).uow() as uow:
        r = await commands.confirm(uow, reception_id)
    return ReceptionOut.of(r)


@router.post(
    "/{reception_id}/decline",
    dependencies=[permit("office.approve")],
    summary="Decline a requested reception with a reason (the visit then needs attention)",
)
async def decline_reception(reception_id: str, body: Decline, request: Request) -> ReceptionOut:
    async with get_service(request).uow() as uow:
        r = await commands.decline(uow, commands.DeclineReception(reception_id, body.reason, body.note))
    return ReceptionOut.of(r)


@router.post("/{reception_id}/hold", dependencies=[permit("office.write")], summary="The reception took place")
async def hold_reception(reception_id: str, request: Request) -> ReceptionOut:
    async with get_service(request).uow() as uow:
        r = await commands.hold(uow, reception_id)
    return ReceptionOut.of(r)


@router.post(
    "/{reception_id}/close", dependencies=[permit("office.write")], summary="Close a held reception with its cost"
)
async def close_reception(reception_id: str, body: Close, request: Request) -> ReceptionOut:
    async with get_service(request).uow() as uow:
        r = await commands.close(uow, commands.CloseReception(reception_id, body.actual_cost_yuan))
    return ReceptionOut.of(r)


@router.post("/{reception_id}/cancel", dependencies=[permit("office.write")], summary="Cancel a standalone reception")
async def cancel_reception(reception_id: str, request: Request) -> ReceptionOut:
    async with get_service(request).uow() as uow:
        r = await commands.cancel_standalone(uow, reception_id)
    return ReceptionOut.of(r)
