"""A supervised task: `open` → (close) `closed`; progress is reported while open and never goes back.

Each open task is an item of kind `task` on the supervision board (most urgent first) and a deadline
of the chassis scheduler (kind `supervision_task`), which publishes `task.overdue` once, the day
after the due date, across restarts; closing the task meets the deadline and closes the item.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class TaskState(StrEnum):
    open = "open"
    closed = "closed"


TRANSITIONS = Transitions(
    "supervised task",
    {
        "report_progress": {TaskState.open},
        "close": Rule(frozenset({TaskState.open}), TaskState.closed),
    },
)


def check_due(due_on: date, on: date) -> None:
    if due_on < on:
        raise Invalid("due_on", f"cannot be before today ({on})")


def check_progress(percent_done: int, before: int) -> None:
    if percent_done < before:
        raise Invalid("percent_done", f"cannot go back from {before}")


def is_overdue(state: TaskState, due_on: date, on: date) -> bool:
    return state is TaskState.open and due_on < on
