"""Supervised tasks (督查事項): a leader assigns a task to an office with a due date; the office reports
progress until the task is closed.

Each open task is an item of kind `task` on the supervision board (most urgent first) and a deadline
of the chassis scheduler (kind `supervision_task`), which publishes `task.overdue` once, the day
after the due date, across restarts; closing the task meets the deadline and closes the item.
States: `open` → `closed`; `report_progress` and `close` are allowed while open (409 otherwise).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.statemachine import Transitions
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import TaskAssigned, TaskClosed, TaskProgressReported
from qiaolian_contracts.ids import new_id

from qiaolian_chassis.db import get_or_404
from qiaolian_contracts.board import BoardItemKind

from .database import TASK_DUE, Base, deadlines
from .supervision.commands import BoardItem, close_item, open_item

ASSIGNED = "qiaolian.office.task.assigned.v1"
PROGRESS = "qiaolian.office.task.progress_reported.v1"
CLOSED = "qiaolian.office.task.closed.v1"


class TaskState(StrEnum):
    open = "open"
    closed = "closed"


MACHINE = Transitions("supervised task", {
    "report_progress": frozenset({TaskState.open}),
    "close": frozenset({TaskState.open}),
})


class SupervisionTask(Base):
    __tablename__ = "supervision_tasks"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    assigned_by: Mapped[str] = mapped_column(sa.String(100))
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    percent_done: Mapped[int] = mapped_column(sa.Integer)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TaskProgress(Base):
    __tablename__ = "supervision_task_progress"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    task_id: Mapped[str] = mapped_column(sa.ForeignKey("supervision_tasks.id"), index=True)
    reported_on: Mapped[date] = mapped_column(sa.Date)
    percent_done: Mapped[int] = mapped_column(sa.Integer)
    note: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# ---- commands ----------------------------------------------------------------------------------

async def assign(uow: UnitOfWork, *, title: str, office: Office, due_on: date, assigned_by: str,
                 on: date) -> SupervisionTask:
    if due_on < on:
        raise Invalid("due_on", f"cannot be before today ({on})")
    t = SupervisionTask(id=new_id(), title=title, office=office.value, due_on=due_on, assigned_by=assigned_by,
                        state=TaskState.open.value, percent_done=0, created_at=uow.now)
    uow.session.add(t)
    await open_item(uow, BoardItem(BoardItemKind.task, office, t.id, title, due_on))
    await deadlines.set(uow, TASK_DUE, t.id, due_on)
    uow.emit(t.id, TaskAssigned(task_id=t.id, office=office, due_on=due_on))
    return t


async def _load(uow: UnitOfWork, task_id: str, command: str) -> SupervisionTask:
    t = await get_or_404(uow.session, SupervisionTask, "supervised task", task_id, for_update=True)
    MACHINE.require(TaskState(t.state), command)
    return t


async def report_progress(uow: UnitOfWork, task_id: str, *, percent_done: int, note: str,
                          on: date) -> TaskProgress:
    t = await _load(uow, task_id, "report_progress")
    if percent_done < t.percent_done:
        raise Invalid("percent_done", f"cannot go back from {t.percent_done}")
    p = TaskProgress(id=new_id(), task_id=t.id, reported_on=on, percent_done=percent_done, note=note,
                     created_at=uow.now)
    uow.session.add(p)
    t.percent_done = percent_done
    uow.emit(t.id, TaskProgressReported(task_id=t.id, office=Office(t.office), reported_on=on,
                                                  percent_done=percent_done))
    return p


async def close(uow: UnitOfWork, task_id: str, on: date) -> SupervisionTask:
    t = await _load(uow, task_id, "close")
    t.state, t.closed_on, t.percent_done = TaskState.closed.value, on, 100
    await deadlines.meet(uow, TASK_DUE, t.id, on)
    await close_item(uow, BoardItemKind.task, t.id)
    uow.emit(t.id, TaskClosed(task_id=t.id, office=Office(t.office), closed_on=on, on_time=on <= t.due_on))
    return t


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(prefix="/supervision", tags=["supervision"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Assign(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    office: Office
    due_on: date
    assigned_by: Annotated[Text, StringConstraints(max_length=100)] = Field(
        description="the leader who assigned the task (an official)")


class ReportProgress(BaseModel):
    model_config = ConfigDict(extra="forbid")
    percent_done: int = Field(ge=0, le=100)
    note: Annotated[Text, StringConstraints(max_length=4000)]


class ProgressOut(BaseModel):
    id: str
    reported_on: date
    percent_done: int
    note: str


class TaskOut(BaseModel):
    id: str
    title: str
    office: Office
    due_on: date
    assigned_by: str
    state: TaskState
    percent_done: int
    overdue: bool
    closed_on: date | None
    created_at: datetime
    allowed_commands: list[str]

    @classmethod
    def of(cls, t: SupervisionTask, on: date) -> TaskOut:
        state = TaskState(t.state)
        return cls(id=t.id, title=t.title, office=Office(t.office), due_on=t.due_on, assigned_by=t.assigned_by,
                   state=state, percent_done=t.percent_done, overdue=state is TaskState.open and t.due_on < on,
                   closed_on=t.closed_on, created_at=t.created_at, allowed_commands=MACHINE.commands(state))


class TaskDetail(TaskOut):
    progress: list[ProgressOut]


class OfficeSummary(BaseModel):
    office: Office
    open: int
    overdue: int
    due_within_7_days: int


class Summary(BaseModel):
    on: date
    offices: list[OfficeSummary]


async def _detail(session: Any, t: SupervisionTask, on: date) -> TaskDetail:
    rows = (await session.scalars(
        sa.select(TaskProgress).where(TaskProgress.task_id == t.id)
        .order_by(TaskProgress.reported_on, TaskProgress.created_at))).all()
    return TaskDetail(**TaskOut.of(t, on).model_dump(),
                      progress=[ProgressOut.model_validate(p, from_attributes=True) for p in rows])


@router.post("/tasks", status_code=201, summary="Assign a supervised task (督查事項) to an office")
async def assign_task(body: Assign, request: Request) -> TaskOut:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.uow() as uow:
        t = await assign(uow, title=body.title, office=body.office, due_on=body.due_on,
                         assigned_by=body.assigned_by, on=on)
    return TaskOut.of(t, on)


@router.get("/tasks", summary="Supervised tasks, most urgent first")
async def list_tasks(request: Request, office: Office | None = None, state: TaskState | None = None,
                     overdue: bool | None = None, due_before: date | None = None,
                     page: PageParams = Depends(page_params)) -> Page[TaskOut]:
    svc = get_service(request)
    on = today(svc.clock)
    where = []
    if office:
        where.append(SupervisionTask.office == office.value)
    if state:
        where.append(SupervisionTask.state == state.value)
    if overdue is not None:
        late = sa.and_(SupervisionTask.state == TaskState.open.value, SupervisionTask.due_on < on)
        where.append(late if overdue else sa.not_(late))
    if due_before:
        where.append(SupervisionTask.due_on < due_before)
    async with svc.db.sessions() as s:
        return await paginate(s, sa.select(SupervisionTask).where(*where)
                              .order_by(SupervisionTask.state.desc(), SupervisionTask.due_on, SupervisionTask.id),
                              page, lambda t: TaskOut.of(t, on))


@router.get("/tasks/{task_id}", summary="A supervised task with its progress reports")
async def get_task(task_id: str, request: Request) -> TaskDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        t = await get_or_404(s, SupervisionTask, "supervised task", task_id)
        return await _detail(s, t, today(svc.clock))


@router.post("/tasks/{task_id}/progress", status_code=201, summary="Report progress on a supervised task")
async def report_task_progress(task_id: str, body: ReportProgress, request: Request) -> TaskDetail:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.uow() as uow:
        await report_progress(uow, task_id, percent_done=body.percent_done, note=body.note, on=on)
        t = await get_or_404(uow.session, SupervisionTask, "supervised task", task_id)
        return await _detail(uow.session, t, on)


@router.post("/tasks/{task_id}/close", summary="Close (complete) a supervised task")
async def close_task(task_id: str, request: Request) -> TaskOut:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.uow() as uow:
        t = await close(uow, task_id, on)
    return TaskOut.of(t, on)
