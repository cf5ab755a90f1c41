"""States of an affiliated body's report: `expected` until `receive` makes it `received` (409 after)."""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

REPORT_STATES = ("expected", "received")
TRANSITIONS = Transitions("affiliate report", {"receive": Rule(frozenset({"expected"}), "received")})
