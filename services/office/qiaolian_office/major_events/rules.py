"""Pure rules of a major event: its states, its tasks' states, the dates and the readiness.

An event is `planned` (tasks are added and done) → (hold, from its first day) `held`; a planned event
is `cancelled` (its open tasks leave the board). A task is `open` → (done, by the office it is assigned
to, or by office which manages the board) `done`. A task is due no later than the event's last day and
not before today. Readiness is the share of tasks done (none when there are no tasks).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class EventState(StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class TaskState(StrEnum):
    open = "open"
    done = "done"


E = EventState
TRANSITIONS = Transitions(
    "major event",
    {
        "add_task": {E.planned},
        "hold": Rule(frozenset({E.planned}), E.held),
        "cancel": Rule(frozenset({E.planned}), E.cancelled),
    },
)
TASK_TRANSITIONS = Transitions("major event task", {"done": Rule(frozenset({TaskState.open}), TaskState.done)})


def check_dates(starts_on: date, ends_on: date, on: date) -> None:
    if ends_on < starts_on:
        raise Invalid("ends_on", "cannot be before starts_on")
    if starts_on < on:
        raise Invalid("starts_on", f"cannot be before today ({on})")


def check_due(due_on: date, ends_on: date, on: date) -> None:
    if due_on < on:
        raise Invalid("due_on", f"cannot be before today ({on})")
    if due_on > ends_on:
        raise Invalid("due_on", f"cannot be after the event's last day ({ends_on})")


def check_leaders(leader_ids: list[str]) -> list[str]:
    """Distinct cadre ids in the order given."""
    distinct = list(dict.fromkeys(leader_ids))
    if any("," in i for i in distinct):
        raise Invalid("leader_ids", "a cadre id has no comma")
    return distinct


def readiness(tasks: int, done: int) -> float | None:
    return round(done / tasks, 4) if tasks else None
