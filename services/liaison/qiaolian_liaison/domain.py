"""Pure rules of delegation visits (回湘參訪) and of their logistics outcome."""

from __future__ import annotations

from enum import StrEnum

from qiaolian_chassis.errors import InvalidTransition


class VisitState(StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class Part(StrEnum):
    """The state of one part of the logistics (reception, vehicles) as office answered it."""

    not_needed = "not_needed"
    requested = "requested"
    arranged = "arranged"
    declined = "declined"
    released = "released"


ALLOWED: dict[str, frozenset[VisitState]] = {"cancel": frozenset({VisitState.scheduled})}


def allowed_commands(state: VisitState) -> list[str]:
    return sorted(c for c, states in ALLOWED.items() if state in states)


def require(state: VisitState, command: str) -> None:
    if state not in ALLOWED[command]:
        raise InvalidTransition("delegation visit", state.value, command, allowed_commands(state))


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
