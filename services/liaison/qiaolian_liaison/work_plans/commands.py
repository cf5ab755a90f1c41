"""Commands on the work plan and its items. Once the plan is approved, each item's due date is a
deadline the scheduler watches (warned, then overdue) until the item is done or dropped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import WorkPlanApproved, WorkPlanItemCompleted, WorkPlanItemDropped
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from . import rules
from .queries import item_counts
from .rules import WORK_PLAN_ITEM
from .tables import WorkPlan, WorkPlanItem


@dataclass(frozen=True)
class CreatePlan:
    year: int
    title: str


@dataclass(frozen=True)
class AddItem:
    plan_id: str
    title: str
    due_on: date | None = None
    owner_cadre_id: str | None = None


@dataclass(frozen=True)
class ApprovePlan:
    plan_id: str
    approved_on: date


@dataclass(frozen=True)
class CompleteItem:
    plan_id: str
    item_id: str
    completed_on: date
    note: str | None = None


@dataclass(frozen=True)
class DropItem:
    plan_id: str
    item_id: str
    note: str


async def _plan(uow: UnitOfWork, plan_id: str) -> WorkPlan:
    plan: WorkPlan = await get_or_404(uow.session, WorkPlan, "work plan", plan_id, for_update=True)
    return plan


async def create_plan(uow: UnitOfWork, cmd: CreatePlan) -> WorkPlan:
    taken = await uow.session.scalar(sa.select(WorkPlan.id).where(WorkPlan.year == cmd.year))
    if taken:
        raise Conflict(f"the work plan for {cmd.year} already exists", work_plan_id=taken)
    p = WorkPlan(id=new_id(), year=cmd.year, title=cmd.title, state="draft", created_at=uow.now)
    uow.session.add(p)
    return p


async def add_item(uow: UnitOfWork, cmd: AddItem) -> WorkPlanItem:
    p = await _plan(uow, cmd.plan_id)
    rules.check_new_item(p.state, p.year, cmd.due_on)
    i = WorkPlanItem(
        id=new_id(),
        plan_id=p.id,
        title=cmd.title,
        due_on=cmd.due_on,
        owner_cadre_id=cmd.owner_cadre_id,
        state="planned",
    )
    uow.session.add(i)
    return i


async def approve_plan(uow: UnitOfWork, cmd: ApprovePlan) -> WorkPlan:
    p = await _plan(uow, cmd.plan_id)
    items = sum((await item_counts(uow.session, p.id)).values())
    rules.check_approvable(p.state, items)
    p.state, p.approved_on = "approved", cmd.approved_on
    uow.emit(p.id, WorkPlanApproved(plan_id=p.id, year=p.year, items=items))
    dated = await uow.session.execute(
        sa.select(WorkPlanItem.id, WorkPlanItem.due_on).where(
            WorkPlanItem.plan_id == p.id, WorkPlanItem.due_on.is_not(None)
        )
    )
    for item_id, due_on in dated.tuples():
        if due_on is not None:
            await deadlines.set(uow, WORK_PLAN_ITEM, item_id, due_on)
    await uow.session.flush()
    await deadlines.run_once(uow, uow.today)  # an item due inside the warning period (or past): on the board now
    return p


async def _item(uow: UnitOfWork, plan_id: str, item_id: str) -> tuple[WorkPlan, WorkPlanItem]:
    """The plan and its item, locked, while the item can still be carried out."""
    p = await _plan(uow, plan_id)
    i = await uow.session.get(WorkPlanItem, item_id, with_for_update=True)
    if i is None or i.plan_id != p.id:
        raise NotFound(f"item {item_id} not found in work plan {plan_id}")
    rules.check_item_open(p.state, i.state)
    return p, i


async def complete_item(uow: UnitOfWork, cmd: CompleteItem) -> WorkPlanItem:
    p, i = await _item(uow, cmd.plan_id, cmd.item_id)
    rules.check_completed_on(p.year, cmd.completed_on)
    i.state, i.completed_on, i.note = "done", cmd.completed_on, cmd.note
    await deadlines.meet(uow, WORK_PLAN_ITEM, i.id, cmd.completed_on)
    uow.emit(
        i.id,
        WorkPlanItemCompleted(
            plan_id=p.id, item_id=i.id, completed_on=cmd.completed_on, on_time=rules.on_time(i.due_on, cmd.completed_on)
        ),
    )
    return i


async def drop_item(uow: UnitOfWork, cmd: DropItem) -> WorkPlanItem:
    p, i = await _item(uow, cmd.plan_id, cmd.item_id)
    i.state, i.note = "dropped", cmd.note
    await deadlines.cancel(uow, WORK_PLAN_ITEM, i.id)
    uow.emit(i.id, WorkPlanItemDropped(plan_id=p.id, item_id=i.id))
    return i
