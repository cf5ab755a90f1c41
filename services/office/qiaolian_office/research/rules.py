"""Pure rules of a research topic.

A topic is `planned` (with milestones, each an item of kind `research_milestone` on the board of the
owner office until done) until its final report is filed (`reported`, once every milestone is done:
409 otherwise) or it is `cancelled` (its open milestones leave the board).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class TopicState(StrEnum):
    planned = "planned"
    reported = "reported"
    cancelled = "cancelled"


TRANSITIONS = Transitions(
    "research topic",
    {
        "add_milestone": Rule(frozenset({TopicState.planned})),
        "complete_milestone": Rule(frozenset({TopicState.planned})),
        "file_report": Rule(frozenset({TopicState.planned}), TopicState.reported),
        "cancel": Rule(frozenset({TopicState.planned}), TopicState.cancelled),
    },
)


def check_plan_year(year: int, on: date) -> None:
    if not on.year - 1 <= year <= on.year + 1:
        raise Invalid("plan_year", f"must be within a year of {on.year}")


def check_milestone_due(field: str, due_on: date, plan_year: int) -> None:
    if not date(plan_year, 1, 1) <= due_on <= date(plan_year + 1, 12, 31):
        raise Invalid(field, f"must fall in {plan_year} or the year after")
