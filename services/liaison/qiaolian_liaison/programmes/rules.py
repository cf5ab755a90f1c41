"""Pure rules of programme registrations: a seat while there is one, else the waitlist (first come, first
served); a freed seat goes to the first who waits; check-in during the programme."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class RegistrationState(StrEnum):
    pending = "pending"
    approved = "approved"
    waitlisted = "waitlisted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    checked_in = "checked_in"


R = RegistrationState
REGISTRATIONS = Transitions(
    "registration",
    {
        "approve": {R.pending},  # to approved or waitlisted: `approval_outcome`
        "reject": Rule(frozenset({R.pending, R.waitlisted}), R.rejected),
        "withdraw": Rule(frozenset({R.pending, R.approved, R.waitlisted}), R.withdrawn),
        "check_in": Rule(frozenset({R.approved}), R.checked_in),
    },
)
SEATED = (R.approved, R.checked_in)  # who holds a seat
FINISHED = (R.withdrawn, R.rejected)  # who no longer counts as registered


def approval_outcome(approved: int, capacity: int) -> RegistrationState:
    """Approving a registration takes a seat while there is one; otherwise it joins the waitlist."""
    return R.approved if approved < capacity else R.waitlisted


def seats_to_promote(approved: int, capacity: int, waitlisted: int) -> int:
    """How many of the waitlist (first come, first served) move up when seats free."""
    return max(0, min(capacity - approved, waitlisted))


def check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise Invalid("ends_on", "must be on or after starts_on")


def check_open(programme_id: str, state: str, ends_on: date, today: date) -> None:
    """A programme takes registrations while open and not yet over."""
    if state != "open" or today > ends_on:
        raise Conflict(
            f"programme {programme_id} no longer takes registrations", current_state=state, allowed_commands=[]
        )


def check_closable(programme_id: str, state: str) -> None:
    if state != "open":
        raise Conflict(f"programme {programme_id} is already closed", current_state=state, allowed_commands=[])


def check_in_window(state: RegistrationState, starts_on: date, ends_on: date, on: date) -> None:
    if not starts_on <= on <= ends_on:
        raise Conflict(
            f"check-in is open from {starts_on} to {ends_on}",
            current_state=state.value,
            allowed_commands=REGISTRATIONS.commands(state),
        )
