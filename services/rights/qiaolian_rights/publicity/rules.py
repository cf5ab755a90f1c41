"""States of an implementation issue: `open` until rectified (`rectify` once; otherwise 409 with the
current state and the allowed commands). Publicity sessions are recorded facts, without states."""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

ISSUE_STATES = ("open", "rectified")
TRANSITIONS = Transitions("enforcement issue", {"rectify": Rule(frozenset({"open"}), "rectified")})
