"""Plan a major event, add its tasks (each on the supervision board for its office, by its deadline),
report a task done (off the board), hold or cancel the event. Events carry ids, codes and dates: never
the titles, the venue or names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Forbidden, Invalid, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import (
    MajorEventCancelled,
    MajorEventHeld,
    MajorEventPlanned,
    MajorEventTaskAssigned,
    MajorEventTaskDone,
)
from qiaolian_contracts.ids import new_id

from ..database import directory
from ..supervision.commands import BoardItem, close_item, open_item
from .rules import TASK_TRANSITIONS, TRANSITIONS, EventState, TaskState, check_dates, check_due, check_leaders
from .tables import MajorEvent, MajorEventTask


@dataclass(frozen=True)
class NewTask:
    office: Office
    title: str
    due_on: date


@dataclass(frozen=True)
class PlanEvent:
    title: str
    starts_on: date
    ends_on: date
    venue: str
    leader_ids: list[str]
    tasks: list[NewTask]


@dataclass(frozen=True)
class Doer:
    """Who reports a task done: the office of the signed-in person, and whether they manage the board."""

    office: str | None
    manages_board: bool


async def _leaders(uow: UnitOfWork, ids: list[str]) -> list[str]:
    leaders = check_leaders(ids)
    for cadre_id in leaders:
        if await directory.get(uow.session, cadre_id) is None:
            raise Invalid("leader_ids", f"{cadre_id} is not a cadre of the staff directory")
    return leaders


async def _add_task(uow: UnitOfWork, e: MajorEvent, t: NewTask) -> MajorEventTask:
    check_due(t.due_on, e.ends_on, uow.today)
    task = MajorEventTask(
        id=new_id(),
        event_id=e.id,
        office=t.office.value,
        title=t.title,
        due_on=t.due_on,
        state=TaskState.open.value,
        created_at=uow.now,
    )
    uow.session.add(task)
    await open_item(uow, BoardItem.of(BoardItemKind.major_event_task, t.office, task.id, t.due_on, subject=t.title))
    uow.emit(e.id, MajorEventTaskAssigned(event_id=e.id, task_id=task.id, office=t.office, due_on=t.due_on))
    return task


async def plan(uow: UnitOfWork, cmd: PlanEvent) -> MajorEvent:
    check_dates(cmd.starts_on, cmd.ends_on, uow.today)
    leaders = await _leaders(uow, cmd.leader_ids)
    e = MajorEvent(
        id=new_id(),
        title=cmd.title,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        venue=cmd.venue,
        leader_ids=",".join(leaders),
        state=EventState.planned.value,
        created_at=uow.now,
    )
    uow.session.add(e)
    await uow.session.flush()
    uow.emit(e.id, MajorEventPlanned(event_id=e.id, starts_on=e.starts_on, ends_on=e.ends_on, leader_ids=leaders))
    for i, t in enumerate(cmd.tasks):
        try:
            await _add_task(uow, e, t)
        except Invalid as exc:  # name the task the field belongs to
            raise Invalid(f"tasks.{i}.due_on", exc.extra["errors"][0]["reason"]) from None
    return e


async def _load(uow: UnitOfWork, event_id: str, command: str) -> tuple[MajorEvent, EventState]:
    e: MajorEvent = await get_or_404(uow.session, MajorEvent, "major event", event_id, for_update=True)
    return e, TRANSITIONS.apply(EventState(e.state), command)


async def add_task(uow: UnitOfWork, event_id: str, t: NewTask) -> MajorEventTask:
    e, _ = await _load(uow, event_id, "add_task")
    return await _add_task(uow, e, t)


async def task_done(uow: UnitOfWork, event_id: str, task_id: str, by: Doer) -> MajorEventTask:
    e: MajorEvent = await get_or_404(uow.session, MajorEvent, "major event", event_id, for_update=True)
    task: MajorEventTask | None = await uow.session.scalar(
        sa.select(MajorEventTask).where(MajorEventTask.id == task_id, MajorEventTask.event_id == e.id)
    )
    if task is None:
        raise NotFound(f"major event {e.id} has no task {task_id}")
    if not by.manages_board and by.office != task.office:
        raise Forbidden(f"a task is reported done by the office it is assigned to ({task.office})", office=task.office)
    if EventState(e.state) is EventState.cancelled:
        raise Conflict("the event was cancelled", current_state=e.state, allowed_commands=[])
    task.state = TASK_TRANSITIONS.apply(TaskState(task.state), "done").value
    task.done_on = uow.today
    await close_item(uow, BoardItemKind.major_event_task, task.id)
    uow.emit(
        e.id,
        MajorEventTaskDone(
            event_id=e.id,
            task_id=task.id,
            office=Office(task.office),
            done_on=uow.today,
            on_time=uow.today <= task.due_on,
        ),
    )
    return task


async def _tasks(uow: UnitOfWork, event_id: str) -> list[MajorEventTask]:
    return list(await uow.session.scalars(sa.select(MajorEventTask).where(MajorEventTask.event_id == event_id)))


async def hold(uow: UnitOfWork, event_id: str) -> MajorEvent:
    e, state = await _load(uow, event_id, "hold")
    if uow.today < e.starts_on:
        raise Conflict(
            f"the event begins on {e.starts_on}: it is held from then",
            current_state=e.state,
            starts_on=str(e.starts_on),
            allowed_commands=TRANSITIONS.commands(EventState(e.state)),
        )
    tasks = await _tasks(uow, e.id)
    e.state, e.held_on = state.value, uow.today
    uow.emit(
        e.id,
        MajorEventHeld(
            event_id=e.id,
            held_on=uow.today,
            tasks=len(tasks),
            tasks_done=sum(1 for t in tasks if t.state == TaskState.done.value),
        ),
    )
    return e


async def cancel(uow: UnitOfWork, event_id: str) -> MajorEvent:
    e, state = await _load(uow, event_id, "cancel")
    e.state, e.cancelled_on = state.value, uow.today
    for t in await _tasks(uow, e.id):
        if t.state == TaskState.open.value:
            await close_item(uow, BoardItemKind.major_event_task, t.id)
    uow.emit(e.id, MajorEventCancelled(event_id=e.id, cancelled_on=uow.today))
    return e
