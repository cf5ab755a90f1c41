"""Assign a supervised task, report progress on it, close it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Forbidden
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import TaskAssigned, TaskClosed, TaskProgressReported
from qiaolian_contracts.ids import new_id

from ..database import TASK_DUE, deadlines
from ..supervision.commands import BoardItem, close_item, open_item
from .rules import TRANSITIONS, TaskState, check_due, check_progress
from .tables import SupervisionTask, TaskProgress


@dataclass(frozen=True)
class AssignTask:
    title: str
    office: Office
    due_on: date
    assigned_by: str  # the leader who assigned the task (an official)


@dataclass(frozen=True)
class Updater:
    """Who updates a task: the office of the signed-in person, and whether they manage the board (office.*)."""

    office: str | None
    manages_board: bool


@dataclass(frozen=True)
class ReportTaskProgress:
    task_id: str
    percent_done: int
    note: str
    by: Updater


@dataclass(frozen=True)
class CloseTask:
    task_id: str
    by: Updater


async def assign(uow: UnitOfWork, cmd: AssignTask) -> SupervisionTask:
    check_due(cmd.due_on, uow.today)
    t = SupervisionTask(
        id=new_id(),
        title=cmd.title,
        office=cmd.office.value,
        due_on=cmd.due_on,
        assigned_by=cmd.assigned_by,
        state=TaskState.open.value,
        percent_done=0,
        created_at=uow.now,
    )
    uow.session.add(t)
    await open_item(uow, BoardItem.of(BoardItemKind.task, cmd.office, t.id, cmd.due_on, subject=cmd.title))
    await deadlines.set(uow, TASK_DUE, t.id, cmd.due_on)
    uow.emit(t.id, TaskAssigned(task_id=t.id, office=cmd.office, due_on=cmd.due_on))
    return t


async def _load(uow: UnitOfWork, task_id: str, command: str, by: Updater) -> tuple[SupervisionTask, TaskState]:
    """The task, locked, and the state `command` leads it to (403 if `by` is not of its office, 409 if not
    allowed now)."""
    t: SupervisionTask = await get_or_404(uow.session, SupervisionTask, "supervised task", task_id, for_update=True)
    if not by.manages_board and by.office != t.office:
        raise Forbidden(f"a supervised task is updated by the office it is assigned to ({t.office})", office=t.office)
    return t, TRANSITIONS.apply(TaskState(t.state), command)


async def report_progress(uow: UnitOfWork, cmd: ReportTaskProgress) -> TaskProgress:
    t, _ = await _load(uow, cmd.task_id, "report_progress", cmd.by)
    check_progress(cmd.percent_done, t.percent_done)
    p = TaskProgress(
        id=new_id(),
        task_id=t.id,
        reported_on=uow.today,
        percent_done=cmd.percent_done,
        note=cmd.note,
        created_at=uow.now,
    )
    uow.session.add(p)
    t.percent_done = cmd.percent_done
    uow.emit(
        t.id,
        TaskProgressReported(
            task_id=t.id, office=Office(t.office), reported_on=uow.today, percent_done=cmd.percent_done
        ),
    )
    return p


async def close(uow: UnitOfWork, cmd: CloseTask) -> SupervisionTask:
    t, state = await _load(uow, cmd.task_id, "close", cmd.by)
    on = uow.today
    t.state, t.closed_on, t.percent_done = state.value, on, 100
    await deadlines.meet(uow, TASK_DUE, t.id, on)
    await close_item(uow, BoardItemKind.task, t.id)
    uow.emit(t.id, TaskClosed(task_id=t.id, office=Office(t.office), closed_on=on, on_time=on <= t.due_on))
    return t
