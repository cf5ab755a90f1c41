"""The project pipeline: a `lead` moves `contact` → `negotiate` → `sign` → `land`; until it is
signed it may be `drop`ped with a reason code. Any other command is 409 with the current state and
the allowed commands."""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

OPEN = frozenset({"lead", "contacted", "negotiating"})  # still in the pipeline
TRANSITIONS = Transitions(
    "project",
    {
        "contact": Rule(frozenset({"lead"}), "contacted"),
        "negotiate": Rule(frozenset({"contacted"}), "negotiating"),
        "sign": Rule(frozenset({"negotiating"}), "signed"),
        "land": Rule(frozenset({"signed"}), "landed"),
        "drop": Rule(OPEN, "dropped"),
    },
)
