"""Retirees' rules: who takes part (retired cadres only), a benefit's period, a visit's states, and the
planned day of a visit watched (deadline kind RETIREE_VISIT, subject: the visit) until it is recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions
from qiaolian_contracts.events.personnel import RetireeVisitDue

RETIREE_VISIT = "retiree_visit"


class Period(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"
    yearly = "yearly"
    once = "once"


class VisitState(StrEnum):
    planned = "planned"
    visited = "visited"
    cancelled = "cancelled"


VISITS = Transitions(
    "retiree_visit",
    {
        "record": Rule(frozenset({VisitState.planned}), VisitState.visited),
        "cancel": Rule(frozenset({VisitState.planned}), VisitState.cancelled),
    },
)


def visit_due(visit_id: str, planned_on: date, _which: str) -> RetireeVisitDue:
    return RetireeVisitDue(visit_id=visit_id, planned_on=planned_on)


def check_period(period: Period, period_from: date, period_to: date | None) -> None:
    if period_to is not None and period_to < period_from:
        raise Invalid("period_to", "must not be before period_from")
    if period is Period.once and period_to is not None and period_to != period_from:
        raise Invalid("period_to", "a benefit paid once has no period beyond its day")


def check_amount(amount: Decimal) -> None:
    if amount <= 0:
        raise Invalid("amount", "must be more than 0")


def check_planned(planned_on: date, today: date) -> None:
    if planned_on < today:
        raise Invalid("planned_on", "must not be in the past")


def check_visited(visited_on: date, today: date) -> None:
    if visited_on > today:
        raise Invalid("visited_on", "must not be in the future")
