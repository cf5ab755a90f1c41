"""The yearly foreign-affairs work plan (外事工作計劃): one plan per year, drafted with its items,
approved, then each item completed (or dropped); the plan reports its completion."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Id
from qiaolian_contracts.events.liaison import WorkPlanApproved, WorkPlanItemCompleted
from qiaolian_contracts.ids import new_id

from .database import Base

PLAN_APPROVED = "qiaolian.liaison.work_plan.approved.v1"
ITEM_COMPLETED = "qiaolian.liaison.work_plan.item_completed.v1"


class WorkPlan(Base):
    __tablename__ = "work_plans"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # draft, approved
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WorkPlanItem(Base):
    __tablename__ = "work_plan_items"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    owner_cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # planned, done, dropped
    completed_on: Mapped[date | None] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.Text)


class NewPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class NewItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    due_on: date | None = None
    owner_cadre_id: Id | None = None


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved_on: date


class Complete(BaseModel):
    model_config = ConfigDict(extra="forbid")
    completed_on: date
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] | None = None


class Drop(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)] = Field(
        description="why the item is dropped")


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
        return cls(id=i.id, plan_id=i.plan_id, title=i.title, due_on=i.due_on, owner_cadre_id=i.owner_cadre_id,
                   state=i.state, completed_on=i.completed_on, note=i.note)


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
    def of(cls, p: WorkPlan, counts: dict[str, int]) -> PlanOut:
        total = sum(counts.values())
        done, dropped = counts.get("done", 0), counts.get("dropped", 0)
        live = total - dropped
        return cls(id=p.id, year=p.year, title=p.title, state=p.state, approved_on=p.approved_on, items=total,
                   done=done, dropped=dropped, completion=round(done / live, 4) if live else 0.0)


async def _counts(session: object, plan_id: str) -> dict[str, int]:
    rows = (await session.execute(  # type: ignore[attr-defined]
        sa.select(WorkPlanItem.state, sa.func.count()).where(WorkPlanItem.plan_id == plan_id)
        .group_by(WorkPlanItem.state))).all()
    return {s: int(n) for s, n in rows}


async def _plan(uow: UnitOfWork, plan_id: str) -> WorkPlan:
    p = await uow.session.get(WorkPlan, plan_id, with_for_update=True)
    if p is None:
        raise NotFound(f"work plan {plan_id} not found")
    return p


async def create_plan(uow: UnitOfWork, body: NewPlan) -> WorkPlan:
    taken = await uow.session.scalar(sa.select(WorkPlan.id).where(WorkPlan.year == body.year))
    if taken:
        raise Conflict(f"the work plan for {body.year} already exists", work_plan_id=taken)
    p = WorkPlan(id=new_id(), year=body.year, title=body.title, state="draft", created_at=uow.now)
    uow.session.add(p)
    return p


async def add_item(uow: UnitOfWork, plan_id: str, body: NewItem) -> WorkPlanItem:
    p = await _plan(uow, plan_id)
    if p.state != "draft":
        raise Conflict("items are added while the plan is a draft", current_state=p.state, allowed_commands=[])
    if body.due_on is not None and body.due_on.year != p.year:
        raise Invalid("due_on", "must be in the plan's year")
    i = WorkPlanItem(id=new_id(), plan_id=p.id, title=body.title, due_on=body.due_on,
                     owner_cadre_id=body.owner_cadre_id, state="planned")
    uow.session.add(i)
    return i


async def approve_plan(uow: UnitOfWork, plan_id: str, approved_on: date) -> WorkPlan:
    p = await _plan(uow, plan_id)
    if p.state != "draft":
        raise Conflict(f"the work plan is already {p.state}", current_state=p.state, allowed_commands=[])
    counts = await _counts(uow.session, p.id)
    if not counts:
        raise Conflict("a work plan without items cannot be approved", current_state=p.state,
                       allowed_commands=["add_item"])
    p.state, p.approved_on = "approved", approved_on
    uow.emit(p.id, WorkPlanApproved(plan_id=p.id, year=p.year, items=sum(counts.values())))
    return p


async def _item(uow: UnitOfWork, plan_id: str, item_id: str) -> tuple[WorkPlan, WorkPlanItem]:
    p = await _plan(uow, plan_id)
    i = await uow.session.get(WorkPlanItem, item_id, with_for_update=True)
    if i is None or i.plan_id != p.id:
        raise NotFound(f"item {item_id} not found in work plan {plan_id}")
    if p.state != "approved":
        raise Conflict("items are completed once the plan is approved", current_state=p.state,
                       allowed_commands=["approve"])
    if i.state != "planned":
        raise Conflict(f"the item is already {i.state}", current_state=i.state, allowed_commands=[])
    return p, i


async def complete_item(uow: UnitOfWork, plan_id: str, item_id: str, body: Complete) -> WorkPlanItem:
    p, i = await _item(uow, plan_id, item_id)
    if body.completed_on < date(p.year, 1, 1):
        raise Invalid("completed_on", "cannot be before the plan's year")
    i.state, i.completed_on, i.note = "done", body.completed_on, body.note
    uow.emit(i.id, WorkPlanItemCompleted(
        plan_id=p.id, item_id=i.id, completed_on=body.completed_on,
        on_time=i.due_on is None or body.completed_on <= i.due_on))
    return i


async def drop_item(uow: UnitOfWork, plan_id: str, item_id: str, body: Drop) -> WorkPlanItem:
    _, i = await _item(uow, plan_id, item_id)
    i.state, i.note = "dropped", body.note
    return i


router = APIRouter(tags=["foreign-affairs work plan"])


@router.post("/work-plans", status_code=201, summary="Draft the foreign-affairs work plan of a year")
async def post_plan(body: NewPlan, request: Request) -> PlanOut:
    async with get_service(request).uow() as uow:
        return PlanOut.of(await create_plan(uow, body), {})


@router.get("/work-plans", summary="List work plans with their completion")
async def list_plans(request: Request, year: int | None = None, state: Literal["draft", "approved"] | None = None,
                     page: PageParams = Depends(page_params)) -> Page[PlanOut]:
    stmt = sa.select(WorkPlan)
    if year:
        stmt = stmt.where(WorkPlan.year == year)
    if state:
        stmt = stmt.where(WorkPlan.state == state)
    async with get_service(request).db.sessions() as s:
        result = await paginate(s, stmt.order_by(WorkPlan.year.desc()), page, lambda p: p)
        items = [PlanOut.of(p, await _counts(s, p.id)) for p in result.items]
    return Page(items=items, total=result.total, limit=result.limit, offset=result.offset)


@router.get("/work-plans/{plan_id}", summary="One work plan with its completion")
async def get_plan(plan_id: str, request: Request) -> PlanOut:
    async with get_service(request).db.sessions() as s:
        p = await s.get(WorkPlan, plan_id)
        if p is None:
            raise NotFound(f"work plan {plan_id} not found")
        return PlanOut.of(p, await _counts(s, p.id))


@router.post("/work-plans/{plan_id}/items", status_code=201, summary="Add an item to a draft plan")
async def post_item(plan_id: str, body: NewItem, request: Request) -> ItemOut:
    async with get_service(request).uow() as uow:
        return ItemOut.of(await add_item(uow, plan_id, body))


@router.get("/work-plans/{plan_id}/items", summary="The plan's items")
async def list_items(plan_id: str, request: Request, state: Literal["planned", "done", "dropped"] | None = None,
                     overdue_on: date | None = None, page: PageParams = Depends(page_params)) -> Page[ItemOut]:
    stmt = sa.select(WorkPlanItem).where(WorkPlanItem.plan_id == plan_id)
    if state:
        stmt = stmt.where(WorkPlanItem.state == state)
    if overdue_on:
        stmt = stmt.where(WorkPlanItem.state == "planned", WorkPlanItem.due_on < overdue_on)
    async with get_service(request).db.sessions() as s:
        if await s.get(WorkPlan, plan_id) is None:
            raise NotFound(f"work plan {plan_id} not found")
        return await paginate(s, stmt.order_by(WorkPlanItem.due_on, WorkPlanItem.id), page, ItemOut.of)


@router.post("/work-plans/{plan_id}/approve", summary="Approve the plan")
async def post_approve(plan_id: str, body: Approve, request: Request) -> PlanOut:
    async with get_service(request).uow() as uow:
        p = await approve_plan(uow, plan_id, body.approved_on)
        return PlanOut.of(p, await _counts(uow.session, p.id))


@router.post("/work-plans/{plan_id}/items/{item_id}/complete", summary="Record an item as completed")
async def post_complete(plan_id: str, item_id: str, body: Complete, request: Request) -> ItemOut:
    async with get_service(request).uow() as uow:
        return ItemOut.of(await complete_item(uow, plan_id, item_id, body))


@router.post("/work-plans/{plan_id}/items/{item_id}/drop", summary="Drop an item, with the reason")
async def post_drop(plan_id: str, item_id: str, body: Drop, request: Request) -> ItemOut:
    async with get_service(request).uow() as uow:
        return ItemOut.of(await drop_item(uow, plan_id, item_id, body))
