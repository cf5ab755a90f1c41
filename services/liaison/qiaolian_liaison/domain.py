"""Pure rules of liaison still to move into their concept: programme registrations."""

from __future__ import annotations

from enum import StrEnum

from qiaolian_chassis.statemachine import Transitions


class RegistrationState(StrEnum):
    pending = "pending"
    approved = "approved"
    waitlisted = "waitlisted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    checked_in = "checked_in"


REGISTRATIONS = Transitions("registration", {
    "approve": frozenset({RegistrationState.pending}),
    "reject": frozenset({RegistrationState.pending, RegistrationState.waitlisted}),
    "withdraw": frozenset({RegistrationState.pending, RegistrationState.approved, RegistrationState.waitlisted}),
    "check_in": frozenset({RegistrationState.approved}),
})
registration_commands = REGISTRATIONS.commands
require_registration = REGISTRATIONS.require


def approval_outcome(approved: int, capacity: int) -> RegistrationState:
    """Approving a registration takes a seat while there is one; otherwise it joins the waitlist."""
    return RegistrationState.approved if approved < capacity else RegistrationState.waitlisted


def seats_to_promote(approved: int, capacity: int, waitlisted: int) -> int:
    """How many of the waitlist (first come, first served) move up when seats free."""
    return max(0, min(capacity - approved, waitlisted))
