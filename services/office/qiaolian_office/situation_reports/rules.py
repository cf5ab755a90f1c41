"""A situation report: `draft` → (approve) `approved` → (submit) `submitted` → (instruct) `instructed`;
`edit` only in draft, `return` sends an approved report back to drafting (409 otherwise)."""

from __future__ import annotations

from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class ReportState(StrEnum):
    draft = "draft"
    approved = "approved"
    submitted = "submitted"
    instructed = "instructed"


TRANSITIONS = Transitions(
    "situation report",
    {
        "edit": {ReportState.draft},
        "approve": Rule(frozenset({ReportState.draft}), ReportState.approved),
        "return": Rule(frozenset({ReportState.approved}), ReportState.draft),
        "submit": Rule(frozenset({ReportState.approved}), ReportState.submitted),
        "instruct": Rule(frozenset({ReportState.submitted}), ReportState.instructed),
    },
)


def check_edit(title: str | None, body: str | None) -> None:
    if title is None and body is None:
        raise Invalid("title", "give a new title or body")
