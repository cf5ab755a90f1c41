"""Pure rules of the work plan: items are added to a draft; a plan with items is approved; then each
planned item is done (on time or late) or dropped with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_contracts.events.liaison import WorkPlanItemDeadline

WORK_PLAN_ITEM = "work_plan_item"  # the deadline kind of an approved plan's item with a due date; subject = item id


def check_new_item(plan_state: str, plan_year: int, due_on: date | None) -> None:
    if plan_state != "draft":
        raise Conflict("items are added while the plan is a draft", current_state=plan_state, allowed_commands=[])
    if due_on is not None and due_on.year != plan_year:
        raise Invalid("due_on", "must be in the plan's year")


def check_approvable(plan_state: str, items: int) -> None:
    if plan_state != "draft":
        raise Conflict(f"the work plan is already {plan_state}", current_state=plan_state, allowed_commands=[])
    if not items:
        raise Conflict(
            "a work plan without items cannot be approved", current_state=plan_state, allowed_commands=["add_item"]
        )


def check_item_open(plan_state: str, item_state: str) -> None:
    """Items are carried out once the plan is approved, each once."""
    if plan_state != "approved":
        raise Conflict(
            "items are completed once the plan is approved", current_state=plan_state, allowed_commands=["approve"]
        )
    if item_state != "planned":
        raise Conflict(f"the item is already {item_state}", current_state=item_state, allowed_commands=[])


def check_completed_on(plan_year: int, completed_on: date) -> None:
    if completed_on < date(plan_year, 1, 1):
        raise Invalid("completed_on", "cannot be before the plan's year")


def on_time(due_on: date | None, completed_on: date) -> bool:
    return due_on is None or completed_on <= due_on


def completion(counts: Mapping[str, int]) -> tuple[int, int, int, float]:
    """(items, done, dropped, done / (items - dropped) rounded to 4 places, 0 when nothing is left) from the
    number of items in each state."""
    total = sum(counts.values())
    done, dropped = counts.get("done", 0), counts.get("dropped", 0)
    live = total - dropped
    return total, done, dropped, round(done / live, 4) if live else 0.0


def item_deadline(item_id: str, due_on: date, _which: str) -> WorkPlanItemDeadline:
    """`work_plan.item_due` (approaching) and `work_plan.item_overdue` name the item and its date only."""
    return WorkPlanItemDeadline(item_id=item_id, due_on=due_on)
