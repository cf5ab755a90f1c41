"""Pure rules of delegation visits: proposed → approved → scheduled → arrived → concluded, or cancelled
before the delegation arrives; and the outcome of the logistics office was asked for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class VisitState(StrEnum):
    proposed = "proposed"
    approved = "approved"
    scheduled = "scheduled"
    arrived = "arrived"
    concluded = "concluded"
    cancelled = "cancelled"


class Part(StrEnum):
    """The state of one part of the logistics (reception, vehicles) as office answered it."""

    not_needed = "not_needed"
    requested = "requested"
    arranged = "arranged"
    declined = "declined"
    released = "released"


V = VisitState
VISITS = Transitions(
    "delegation visit",
    {
        "approve": Rule(frozenset({V.proposed}), V.approved),
        "schedule": Rule(frozenset({V.approved}), V.scheduled),
        "arrive": Rule(frozenset({V.scheduled}), V.arrived),
        "conclude": Rule(frozenset({V.arrived}), V.concluded),
        "cancel": Rule(frozenset({V.proposed, V.approved, V.scheduled}), V.cancelled),
        "request_logistics": {V.scheduled},
    },
)


def check_new_visit(
    state: VisitState, arrival_on: date, departure_on: date, itinerary_days: Iterable[date], today: date
) -> None:
    """A new visit is proposed or scheduled, not in the past, and its itinerary lies within its dates."""
    if departure_on < arrival_on:
        raise Invalid("departure_on", "must be on or after arrival_on")
    if arrival_on < today:
        raise Invalid("arrival_on", "cannot be in the past")
    if state not in (V.proposed, V.scheduled):
        raise Invalid("state", "a new visit is proposed or scheduled")
    for i, day in enumerate(itinerary_days):
        if not arrival_on <= day <= departure_on:
            raise Invalid(f"itinerary.{i}.day", "must be between arrival_on and departure_on")


def check_schedulable(arrival_on: date, today: date) -> None:
    """An approved visit whose arrival date has passed is proposed again, not scheduled."""
    if arrival_on < today:
        raise Invalid("arrival_on", "the visit's arrival date has passed; propose it again")


def logistics_status(reception: Part, vehicles: Part) -> str:
    """One word a liaison officer reads: pending, arranged, needs_attention, released or not_needed."""
    parts = {reception, vehicles}
    if Part.declined in parts:
        return "needs_attention"
    if Part.requested in parts:
        return "pending"
    if Part.released in parts:
        return "released"
    if Part.arranged in parts:
        return "arranged"
    return "not_needed"


def check_logistics_declined(state: VisitState, reception: Part, vehicles: Part) -> None:
    """Logistics are asked for again only after office declined part of them."""
    status = logistics_status(reception, vehicles)
    if status != "needs_attention":
        raise Conflict(
            "logistics can be requested again only after office declined them",
            current_state=state.value,
            logistics=status,
            allowed_commands=[c for c in VISITS.commands(state) if c != "request_logistics"],
        )
