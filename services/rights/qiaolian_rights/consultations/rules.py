"""States of a consultation: `open` → `answered`; `answer` is allowed once (otherwise 409 with the
current state and the allowed commands)."""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

TRANSITIONS = Transitions("consultation", {"answer": Rule(frozenset({"open"}), "answered")})
