"""A discipline case's states (opened -> concluded, with an outcome) and its outcomes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class Outcome(StrEnum):
    no_action = "no_action"
    criticism = "criticism"  # 批評教育
    warning = "warning"  # 警告
    serious_warning = "serious_warning"  # 嚴重警告
    demerit = "demerit"  # 記過
    demotion = "demotion"  # 降級
    dismissal = "dismissal"  # 開除


class CaseState(StrEnum):
    opened = "opened"
    concluded = "concluded"


CASES = Transitions(
    "discipline case",
    {
        "conclude": Rule(frozenset({CaseState.opened}), CaseState.concluded),
    },
)


def check_conclusion(opened_on: date, concluded_on: date) -> None:
    if concluded_on < opened_on:
        raise Invalid("concluded_on", "before the case was opened")
