"""States of an assistance application: `applied` → `checked` → `approved` → `disbursed`; `applied`
or `checked` → `rejected`. Approved and disbursed amounts count against the year's budget."""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

STATES = ("applied", "checked", "approved", "rejected", "disbursed")
COMMITTED = ("approved", "disbursed")  # the states whose approved amount the year's budget has spent
TRANSITIONS = Transitions(
    "assistance application",
    {
        "check": Rule(frozenset({"applied"}), "checked"),
        "approve": Rule(frozenset({"checked"}), "approved"),
        "reject": Rule(frozenset({"applied", "checked"}), "rejected"),
        "disburse": Rule(frozenset({"approved"}), "disbursed"),
    },
)
