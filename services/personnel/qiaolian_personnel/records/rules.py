"""What a cadre record holds, and the values each kind of line must agree on.

These are sensitive personal records (evaluations, money, health-related care) that no other office
needs: they publish no events and never leave this service.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Literal

from qiaolian_chassis.errors import Invalid


class Grade(StrEnum):
    excellent = "excellent"  # 優秀
    competent = "competent"  # 稱職
    basically_competent = "basically_competent"  # 基本稱職
    incompetent = "incompetent"  # 不稱職
    not_graded = "not_graded"  # 不定等次


class PayKind(StrEnum):
    salary = "salary"
    social_insurance = "social_insurance"


class BenefitKind(StrEnum):
    living_allowance = "living_allowance"
    medical_subsidy = "medical_subsidy"
    holiday_condolence = "holiday_condolence"  # 節日慰問
    other = "other"


CareKind = Literal["visit", "activity", "benefit"]


def check_pay_change(amount_before: Decimal, amount_after: Decimal) -> None:
    if amount_after == amount_before:
        raise Invalid("amount_after", "equals amount_before: not a change")


def check_care(kind: str, benefit: BenefitKind | None, amount: Decimal | None) -> None:
    """A benefit has its kind and amount; a visit or an activity has neither."""
    if kind == "benefit" and (benefit is None or amount is None):
        raise Invalid("benefit" if benefit is None else "amount", "required for a benefit")
    if kind != "benefit" and (benefit is not None or amount is not None):
        raise Invalid("benefit", f"only a benefit has a benefit kind and amount, not a {kind}")
