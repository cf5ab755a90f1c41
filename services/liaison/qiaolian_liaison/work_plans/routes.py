"""HTTP routes of the foreign-affairs work plan."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, YearQuery, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Id

from . import commands, queries
from .rules import completion
from .tables import WorkPlan, WorkPlanItem


class NewPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class NewItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    due_on: Day | None = None
    owner_cadre_id: Id | None = None


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved_on: Day


class Complete(BaseModel):
    model_config = ConfigDict(extra="forbid")
    completed_on: Day
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] | None = None


class Drop(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)] = Field(
        description="why the item is dropped"
    )


class ItemOut(BaseModel):
    id: str
    plan_id: str
    title: str
    due_on: date | None
    owner_cadre_id: str | None
    state: str
    completed_on: date | None
    note: str | None

    @classmethod
    def of(cls, i: WorkPlanItem) -> ItemOut:
        return cls(
            id=i.id,
            plan_id=i.plan_id,
            title=i.title,
            due_on=i.due_on,
            owner_cadre_id=i.owner_cadre_id,
            state=i.state,
            completed_on=i.completed_on,
            note=i.note,
        )


class PlanOut(BaseModel):
    id: str
    year: int
    title: str
    state: str
    approved_on: date | None
    items: int
    done: int
    dropped: int
    completion: float = Field(description="done / (items - dropped), 0..1")

    @classmethod
    def of(cls, p: WorkPlan, counts: Mapping[str, int]) -> PlanOut:
        items, done, dropped, ratio = completion(counts)
        return cls(
            id=p.id,
            year=p.year,
            title=p.title,
            state=p.state,
            approved_on=p.approved_on,
            items=items,
            done=done,
            dropped=dropped,
            completion=ratio,
        )


router = APIRouter(tags=["foreign-affairs work plan"])


@router.post(
    "/work-plans",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Draft the foreign-affairs work plan of a year",
)
async def post_plan(body: NewPlan, request: Request) -> PlanOut:
    async with get_service(request).uow() as uow:
        return PlanOut.of(await commands.create_plan(uow, commands.CreatePlan(**body.model_dump())), {})


@router.get("/work-plans", dependencies=[permit("liaison.read")], summary="List work plans with their completion")
async def list_plans(
    request: Request,
    year: YearQuery = None,
    state: Literal["draft", "approved"] | None = None,
    page: PageParams = Depends(page_params),
) -> Page[PlanOut]:
    async with get_service(request).db.sessions() as s:
        result = await paginate(s, queries.plans(year=year, state=state), page, lambda p: p)
        items = [PlanOut.of(p, await queries.item_counts(s, p.id)) for p in result.items]
    return result.with_items(items)


@router.get("/work-plans/{plan_id}", dependencies=[permit("liaison.read")], summary="One work plan with its completion")
async def get_plan(plan_id: str, request: Request) -> PlanOut:
    async with get_service(request).db.sessions() as s:
        p = await get_or_404(s, WorkPlan, "work plan", plan_id)
        return PlanOut.of(p, await queries.item_counts(s, p.id))


@router.post(
    "/work-plans/{plan_id}/items",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Add an item to a draft plan",
)
async def post_item(plan_id: str, body: NewItem, request: Request) -> ItemOut:
    async with get_service(request).uow() as uow:
        return ItemOut.of(await commands.add_item(uow, commands.AddItem(plan_id=plan_id, **body.model_dump())))


@router.get("/work-plans/{plan_id}/items", dependencies=[permit("liaison.read")], summary="The plan's items")
async def list_items(
    plan_id: str,
    request: Request,
    state: Literal["planned", "done", "dropped"] | None = None,
    overdue_on: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ItemOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, WorkPlan, "work plan", plan_id)
        return await paginate(s, queries.items(plan_id, state=state, overdue_on=overdue_on), page, ItemOut.of)


@router.post("/work-plans/{plan_id}/approve", dependencies=[permit("liaison.approve")], summary="Approve the plan")
async def post_approve(plan_id: str, body: Approve, request: Request) -> PlanOut:
    async with get_service(request).uow() as uow:
        p = await commands.approve_plan(uow, commands.ApprovePlan(plan_id=plan_id, approved_on=body.approved_on))
        return PlanOut.of(p, await queries.item_counts(uow.session, p.id))


@router.post(
    "/work-plans/{plan_id}/items/{item_id}/complete",
    dependencies=[permit("liaison.write")],
    summary="Record an item as completed",
)
async def post_complete(plan_id: str, item_id: str, body: Complete, request: Request) -> ItemOut:
    async with get_service(request).uow() as uow:
        return ItemOut.of(
            await commands.complete_item(
                uow, commands.CompleteItem(plan_id=plan_id, item_id=item_id, **body.model_dump())
            )
        )


@router.post(
    "/work-plans/{plan_id}/items/{item_id}/drop",
    dependencies=[permit("liaison.write")],
    summary="Drop an item, with the reason",
)
async def post_drop(plan_id: str, item_id: str, body: Drop, request: Request) -> ItemOut:
    async with get_service(request).uow() as uow:
        return ItemOut.of(
            await commands.drop_item(uow, commands.DropItem(plan_id=plan_id, item_id=item_id, note=body.note))
        )
