"""States of a counsel: `serving` → `ended`; `renew` and `end` are allowed while serving (409
otherwise). A term runs from `term_from` to `term_to`, both inclusive."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.statemachine import Rule, Transitions

TRANSITIONS = Transitions("counsel", {"renew": {"serving"}, "end": Rule(frozenset({"serving"}), "ended")})


def state_on(state: str, term_to: date, on: date) -> str:
    """The state on `on`: a counsel whose term ran out has ended, whether or not the scheduler has run."""
    return "ended" if state == "ended" or term_to < on else "serving"
