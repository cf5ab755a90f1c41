"""Outbound trips: the approval chain, the states, the dates and the passport's return date.

The application goes through `APPROVAL_CHAIN` in order; each step is decided by a signed-in person
holding its permission, else 403 naming it; a step out of order is 409; nobody decides a step of
their own trip and one person decides at most one step of a trip (409, `check_signer`); a rejection at any step ends the application (the staff
member applies again). After the last approval the office issues the traveller's passport from its
custody, before departure, and not while it is out for another trip of the same cadre (409); it is
due back `OFFICE_PASSPORT_RETURN_DAYS` (7) days after the trip's return date. While it is out it is
an item of kind `passport_return` on the supervision board and a deadline of the chassis scheduler,
which publishes `passport.overdue` once, the day after the due date, across restarts; its return
meets the deadline and closes the item. The report on the trip is filed after the passport is back,
and closes the trip.
A trip that will not happen is withdrawn (`withdraw`, with a reason) while it is `applied` or
`approved`, by the office head (`office.approve`; an applicant asks the office); once the passport is out it must come back first (409). The withdrawal is recorded like
a decision (step `withdraw`, who, when, the reason).

States: `applied` → (approve at the last step) `approved` → (issue_passport) `passport_issued` →
(return_passport) `passport_returned` → (file_report) `closed`; `applied` → (reject) `rejected`;
`applied`/`approved` → (withdraw) `withdrawn`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from qiaolian_chassis import duties
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.statemachine import Rule, Transitions

WITHDRAW = "withdraw"  # the step of the decision row that records a withdrawal (not a step of the chain)
WITHDRAWER = "office.approve"  # the permission that withdraws a trip


class Role(StrEnum):
    """The steps of the chain, named after who decides them."""

    office_head = "office_head"
    federation_leader = "federation_leader"
    foreign_affairs = "foreign_affairs"


@dataclass(frozen=True)
class Step:
    role: Role  # the step's name
    label: str
    permission: str  # what the signed-in person deciding it holds (contracts/access.py)


APPROVAL_CHAIN: tuple[Step, ...] = (
    Step(Role.office_head, "辦公室主任審核: review by the head of the office", "office.approve"),
    Step(Role.federation_leader, "黨組審批: approval by the federation's leading party group", "leader.decide"),
    Step(Role.foreign_affairs, "外事備案: filing with the provincial foreign-affairs office", "foreign_affairs.decide"),
)
STEP_PERMISSION = {s.role: s.permission for s in APPROVAL_CHAIN}


class TripState(StrEnum):
    applied = "applied"
    approved = "approved"
    rejected = "rejected"
    passport_issued = "passport_issued"
    passport_returned = "passport_returned"
    closed = "closed"
    withdrawn = "withdrawn"


TRANSITIONS = Transitions(
    "outbound trip",
    {
        "approve": {TripState.applied},  # approved only at the last step of the chain
        "reject": Rule(frozenset({TripState.applied}), TripState.rejected),
        "issue_passport": Rule(frozenset({TripState.approved}), TripState.passport_issued),
        "return_passport": Rule(frozenset({TripState.passport_issued}), TripState.passport_returned),
        "file_report": Rule(frozenset({TripState.passport_returned}), TripState.closed),
        "withdraw": Rule(frozenset({TripState.applied, TripState.approved}), TripState.withdrawn),
    },
)


def next_step(decided: int) -> Step | None:
    """The step after `decided` approvals, or None when the chain is complete."""
    return APPROVAL_CHAIN[decided] if decided < len(APPROVAL_CHAIN) else None


def require_step(role: Role, decided: int) -> Step:
    """The step `role` decides, if it is the next one of the chain; 409 otherwise."""
    step = next_step(decided)
    if step is None or step.role != role:
        raise Conflict(
            f"{role.value} cannot decide now: the next step is {step.role.value if step else 'none'}",
            next_step=step.role.value if step else None,
        )
    return step


def check_signer(signer: str, signer_cadre: str | None, traveller: str, decided_by: list[str]) -> None:
    """Separation of duties (ACCESS.md), the chassis's one rule: nobody decides on their own trip, and one
    person decides at most one step of a trip's chain (409 with the reason)."""
    duties.check_signer(
        signer,
        signer_cadre,
        what="this trip",
        own={"a step of their own trip": [traveller]},
        decided={d: "earlier" for d in decided_by},
    )


def passport_due(returns_on: date, return_days: int) -> date:
    return returns_on + timedelta(days=return_days)


def check_dates(departs_on: date, returns_on: date, on: date, return_days: int) -> None:
    if departs_on < on:
        raise Invalid("departs_on", f"cannot be before today ({on})")
    if returns_on < departs_on:
        raise Invalid("returns_on", "cannot be before departs_on")
    try:  # the passport's return date must exist: issuing it for a return at the end of the calendar was a 500
        passport_due(returns_on, return_days)
    except OverflowError:
        raise Invalid("returns_on", "is too far in the future") from None


def check_destinations(codes: list[str]) -> list[str]:
    """Distinct destination codes in the order given; the mainland is not a destination of an outbound trip."""
    if "CN" in codes:
        raise Invalid("destinations", "CN is not outbound; Hong Kong, Macao and Taiwan are HK, MO and TW")
    return list(dict.fromkeys(codes))


def check_reason(reason: str) -> str:
    """A withdrawal's reason, stripped; it is required."""
    if not (reason or "").strip():
        raise Invalid("reason", "is required")
    return reason.strip()


def is_passport_overdue(state: TripState, due_on: date | None, on: date) -> bool:
    return state is TripState.passport_issued and due_on is not None and due_on < on
