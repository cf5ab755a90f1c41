"""States of a startup base: it applies, is accredited for a period or rejected, and an accredited
base may be revoked; any other command is 409 with the current state and the allowed commands.
Activities are recorded facts, without states."""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

BASE_STATES = ("applied", "accredited", "rejected", "revoked")
TRANSITIONS = Transitions(
    "startup base",
    {
        "accredit": Rule(frozenset({"applied"}), "accredited"),
        "reject": Rule(frozenset({"applied"}), "rejected"),
        "revoke": Rule(frozenset({"accredited"}), "revoked"),
    },
)
