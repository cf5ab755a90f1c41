"""States of a dispute: referred to a forum, it ends in an agreement (`settled`) or in failed
mediation, after which it may be referred again (e.g. from a mediator to a court). Any other
command is 409 with the current state and the allowed commands."""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

STATES = ("open", "referred", "settled", "mediation_failed")
TRANSITIONS = Transitions(
    "dispute",
    {
        "refer": Rule(frozenset({"open", "mediation_failed"}), "referred"),
        "settle": Rule(frozenset({"referred"}), "settled"),
        "record_failure": Rule(frozenset({"referred"}), "mediation_failed"),
    },
)
