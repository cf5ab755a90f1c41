"""Pure rules of a reception: its states and the budget ceiling of the per-head standard.

States: `requested` (a visit asked; nothing planned yet) → (plan) `planned` → (confirm) `confirmed` →
(hold) `held` → (close, with the actual cost) `closed`. Office may `decline` a requested or planned
reception with a reason; a reception not yet held is `cancelled` with its visit (or, standalone, by the
office). A visit asks again after a decline: the reception is `requested` again.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class ReceptionState(StrEnum):
    requested = "requested"
    planned = "planned"
    confirmed = "confirmed"
    held = "held"
    closed = "closed"
    declined = "declined"
    cancelled = "cancelled"


# the level of the guests' delegation (the standard of the hosting follows it in the plan)
GuestLevel = Literal["ministerial", "provincial", "bureau", "division", "other"]
# why office declines a reception (the words stay in office; the code goes on the bus)
DeclineReason = Literal["no_capacity", "not_official_business", "over_standard", "other"]

S = ReceptionState
OPEN = frozenset({S.requested, S.planned, S.confirmed})  # not yet held: a cancelled visit cancels these
TRANSITIONS = Transitions(
    "reception",
    {
        "plan": Rule(frozenset({S.requested, S.planned}), S.planned),
        "confirm": Rule(frozenset({S.planned}), S.confirmed),
        "hold": Rule(frozenset({S.confirmed}), S.held),
        "close": Rule(frozenset({S.held}), S.closed),
        "decline": Rule(frozenset({S.requested, S.planned}), S.declined),
        "cancel": Rule(OPEN, S.cancelled),
    },
)


def ceiling(guests: int, meals: int, nights: int, meal_yuan: int, night_yuan: int) -> int:
    """The most a plan may budget: each guest's meals and nights at the per-head standard."""
    return guests * (meals * meal_yuan + nights * night_yuan)


def check_budget(budget_yuan: int, limit: int, guests: int, meals: int, nights: int) -> None:
    if budget_yuan > limit:
        raise Invalid(
            "budget_yuan",
            f"{budget_yuan} yuan exceeds the standard for {guests} guests, {meals} meals and {nights} nights "
            f"each: {limit} yuan",
        )


def check_dates(starts_on: date, ends_on: date, on: date) -> None:
    if ends_on < starts_on:
        raise Invalid("ends_on", "cannot be before starts_on")
    if starts_on < on:
        raise Invalid("starts_on", f"cannot be before today ({on})")


def check_nights(nights: int, starts_on: date, ends_on: date) -> None:
    most = (ends_on - starts_on).days
    if nights > most:
        raise Invalid("nights", f"at most {most} nights between {starts_on} and {ends_on}")
