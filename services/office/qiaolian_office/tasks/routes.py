"""Supervised tasks over HTTP (under /supervision, beside the board)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit, signer_of
from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import TRANSITIONS, TaskState, is_overdue
from .tables import SupervisionTask

router = APIRouter(prefix="/supervision", tags=["supervision"])


class Assign(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    office: Office
    due_on: Day


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
        return cls(
            id=t.id,
            title=t.title,
            office=Office(t.office),
            due_on=t.due_on,
            assigned_by=t.assigned_by,
            state=state,
            percent_done=t.percent_done,
            overdue=is_overdue(state, t.due_on, on),
            closed_on=t.closed_on,
            created_at=t.created_at,
            allowed_commands=TRANSITIONS.commands(state),
        )


class TaskDetail(TaskOut):
    progress: list[ProgressOut]


async def _detail(session: Any, task_id: str, on: Day) -> TaskDetail:
    t = await get_or_404(session, SupervisionTask, "supervised task", task_id)
    return TaskDetail(
        **TaskOut.of(t, on).model_dump(),
        progress=[ProgressOut.model_validate(p, from_attributes=True) for p in await queries.progress(session, t.id)],
    )


def _updater(who: Principal) -> commands.Updater:
    """The office of the signed-in person; the board's managers (office.*) update any task."""
    return commands.Updater(office=who.office, manages_board=who.holds("office.write"))


@router.post(
    "/tasks",
    status_code=201,
    summary="Assign a supervised task (督查事項) to an office",
)
async def assign_task(body: Assign, request: Request, who: Principal = permit("leader.decide")) -> TaskOut:
    """Assigned by the signed-in leader (their cadre id, else their account)."""
    async with get_service(request).uow() as uow:
        t = await commands.assign(uow, commands.AssignTask(assigned_by=signer_of(who), **body.model_dump()))
    return TaskOut.of(t, uow.today)


@router.get("/tasks", dependencies=[permit("staff.read")], summary="Supervised tasks, most urgent first")
async def list_tasks(
    request: Request,
    office: Office | None = None,
    state: TaskState | None = None,
    overdue: bool | None = None,
    due_before: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[TaskOut]:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        return await paginate(
            s,
            queries.tasks(office=office, state=state, overdue=overdue, due_before=due_before, on=on),
            page,
            lambda t: TaskOut.of(t, on),
        )


@router.get(
    "/tasks/{task_id}", dependencies=[permit("staff.read")], summary="A supervised task with its progress reports"
)
async def get_task(task_id: str, request: Request) -> TaskDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return await _detail(s, task_id, today(svc.clock))


@router.post("/tasks/{task_id}/progress", status_code=201, summary="Report progress on a supervised task")
async def report_task_progress(
    task_id: str, body: ReportProgress, request: Request, who: Principal = permit("staff.read")
) -> TaskDetail:
    async with get_service(request).uow() as uow:
        cmd = commands.ReportTaskProgress(task_id=task_id, by=_updater(who), **body.model_dump())
        await commands.report_progress(uow, cmd)
        return await _detail(uow.session, task_id, uow.today)


@router.post("/tasks/{task_id}/close", summary="Close (complete) a supervised task")
async def close_task(task_id: str, request: Request, who: Principal = permit("staff.read")) -> TaskOut:
    async with get_service(request).uow() as uow:
        t = await commands.close(uow, commands.CloseTask(task_id=task_id, by=_updater(who)))
    return TaskOut.of(t, uow.today)
