"""Major events over HTTP (重要活動): office plans them with their tasks (`office.write`); the office a task
is assigned to reports it done (`staff.read`, checked against the signed-in person's office)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import TASK_TRANSITIONS, TRANSITIONS, EventState, TaskState, readiness
from .tables import MajorEvent, MajorEventTask

router = APIRouter(prefix="/major-events", tags=["major events"])

CadreId = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class TaskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Office
    title: Annotated[Text, StringConstraints(min_length=1, max_length=200)] = Field(
        description="shown on the supervision board to all staff: no personal data"
    )
    due_on: Day

    def task(self) -> commands.NewTask:
        return commands.NewTask(self.office, self.title, self.due_on)


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    starts_on: Day
    ends_on: Day
    venue: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    leader_ids: list[CadreId] = Field(default_factory=list, max_length=30, description="cadres of the directory")
    tasks: list[TaskIn] = Field(default_factory=list, max_length=200)


class TaskOut(BaseModel):
    id: str
    office: Office
    title: str
    due_on: date
    state: TaskState
    done_on: date | None
    overdue: bool
    allowed_commands: list[str]

    @classmethod
    def of(cls, t: MajorEventTask, on: date) -> TaskOut:
        state = TaskState(t.state)
        return cls(
            id=t.id,
            office=Office(t.office),
            title=t.title,
            due_on=t.due_on,
            state=state,
            done_on=t.done_on,
            overdue=state is TaskState.open and t.due_on < on,
            allowed_commands=TASK_TRANSITIONS.commands(state),
        )


class EventOut(BaseModel):
    id: str
    title: str
    starts_on: date
    ends_on: date
    venue: str
    leader_ids: list[str]
    state: EventState
    held_on: date | None
    cancelled_on: date | None
    created_at: datetime
    tasks_total: int
    tasks_done: int
    readiness: float | None = Field(description="the share of tasks done, 0 to 1; null without tasks")

    @classmethod
    def of(cls, e: MajorEvent, total: int, done: int) -> EventOut:
        return cls(
            id=e.id,
            title=e.title,
            starts_on=e.starts_on,
            ends_on=e.ends_on,
            venue=e.venue,
            leader_ids=e.leader_ids.split(",") if e.leader_ids else [],
            state=EventState(e.state),
            held_on=e.held_on,
            cancelled_on=e.cancelled_on,
            created_at=e.created_at,
            tasks_total=total,
            tasks_done=done,
            readiness=readiness(total, done),
        )


class EventDetail(EventOut):
    tasks: list[TaskOut]
    allowed_commands: list[str]


async def event_detail(session: Any, event_id: str, on: date) -> EventDetail:
    e = await get_or_404(session, MajorEvent, "major event", event_id)
    tasks = await queries.tasks(session, e.id)
    done = sum(1 for t in tasks if t.state == TaskState.done.value)
    return EventDetail(
        **EventOut.of(e, len(tasks), done).model_dump(),
        tasks=[TaskOut.of(t, on) for t in tasks],
        allowed_commands=TRANSITIONS.commands(EventState(e.state)),
    )


@router.post("", dependencies=[permit("office.write")], status_code=201, summary="Plan a major event with its tasks")
async def plan_event(body: Plan, request: Request) -> EventDetail:
    cmd = commands.PlanEvent(
        body.title, body.starts_on, body.ends_on, body.venue, body.leader_ids, [t.task() for t in body.tasks]
    )
    async with get_service(request).uow() as uow:
        e = await commands.plan(uow, cmd)
        return await event_detail(uow.session, e.id, uow.today)


@router.get("", dependencies=[permit("staff.read")], summary="Major events, earliest first, with their readiness")
async def list_events(
    request: Request,
    state: EventState | None = None,
    office: Office | None = None,
    from_on: Day | None = None,
    to_on: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[EventOut]:
    stmt = queries.events(state=state, from_on=from_on, to_on=to_on, office=office)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, lambda r: EventOut.of(r[0], r.tasks, r.tasks_done), scalars=False)


@router.get("/{event_id}", dependencies=[permit("staff.read")], summary="A major event, its tasks and readiness")
async def get_event(event_id: str, request: Request) -> EventDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return await event_detail(s, event_id, today(svc.clock))


@router.post(
    "/{event_id}/tasks",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Assign a task of the event to an office (on the supervision board by its deadline)",
)
async def add_task(event_id: str, body: TaskIn, request: Request) -> EventDetail:
    async with get_service(request).uow() as uow:
        await commands.add_task(uow, event_id, body.task())
        return await event_detail(uow.session, event_id, uow.today)


@router.post("/{event_id}/tasks/{task_id}/done", summary="The office the task is assigned to reports it done")
async def task_done(
    event_id: str, task_id: str, request: Request, who: Principal = permit("staff.read")
) -> EventDetail:
    by = commands.Doer(office=who.office, manages_board=who.holds("office.write"))
    async with get_service(request).uow() as uow:
        await commands.task_done(uow, event_id, task_id, by)
        return await event_detail(uow.session, event_id, uow.today)


@router.post("/{event_id}/hold", dependencies=[permit("office.write")], summary="The event took place")
async def hold_event(event_id: str, request: Request) -> EventDetail:
    async with get_service(request).uow() as uow:
        await commands.hold(uow, event_id)
        return await event_detail(uow.session, event_id, uow.today)


@router.post("/{event_id}/cancel", dependencies=[permit("office.write")], summary="Cancel a planned event")
async def cancel_event(event_id: str, request: Request) -> EventDetail:
    async with get_service(request).uow() as uow:
        await commands.cancel(uow, event_id)
        return await event_detail(uow.session, event_id, uow.today)
