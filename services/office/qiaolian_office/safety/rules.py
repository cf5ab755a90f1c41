"""Pure rules of safety: the states of a finding and of a piece of equipment, and the dates they take.

A finding is `open` (on the board by its rectification deadline) until it is `rectified`.
Equipment is `in_service` (its next check on the board and watched by the scheduler, which publishes
`safety_equipment.check_overdue` once per date) until it is `retired`; each check sets the next date.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class InspectionKind(StrEnum):
    safety = "safety"  # 安全生產
    fire = "fire"  # 消防
    security = "security"  # 平安建設


class FindingState(StrEnum):
    open = "open"
    rectified = "rectified"


class EquipmentKind(StrEnum):
    extinguisher = "extinguisher"
    hydrant = "hydrant"
    alarm = "alarm"
    emergency_light = "emergency_light"


class EquipmentState(StrEnum):
    in_service = "in_service"
    retired = "retired"


class CheckResult(StrEnum):
    ok = "ok"
    serviced = "serviced"  # refilled or repaired at the check


FINDINGS = Transitions("finding", {"rectify": Rule(frozenset({FindingState.open}), FindingState.rectified)})
EQUIPMENT = Transitions(
    "equipment",
    {
        "check": Rule(frozenset({EquipmentState.in_service})),
        "retire": Rule(frozenset({EquipmentState.in_service}), EquipmentState.retired),
    },
)


def not_after_today(field: str, day: date, on: date) -> None:
    if day > on:
        raise Invalid(field, f"cannot be after today ({on})")


def after(field: str, day: date, than: date, what: str) -> None:
    if day <= than:
        raise Invalid(field, f"must be after {what} ({than})")
