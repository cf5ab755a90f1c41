"""A cadre's states and the commands each allows."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from qiaolian_chassis.statemachine import Rule, Transitions


class CadreState(StrEnum):
    unassigned = "unassigned"  # registered, or removed from the last post
    in_post = "in_post"
    retired = "retired"


CADRES = Transitions(
    "cadre",
    {
        "appoint": Rule(frozenset({CadreState.unassigned}), CadreState.in_post),
        "transfer": {CadreState.in_post},
        "remove": Rule(frozenset({CadreState.in_post}), CadreState.unassigned),
        "retire": Rule(frozenset({CadreState.unassigned, CadreState.in_post}), CadreState.retired),
    },
)

# the lines of a cadre's record
AppointmentKind = Literal["appointment", "transfer", "removal", "retirement"]
