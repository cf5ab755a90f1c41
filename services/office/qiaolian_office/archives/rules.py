"""Archives: filed once per source, kept until filed date + retention years; lent and returned.

A document may be filed only in its final state (incoming `handled`, outgoing `dispatched`), else 409;
a case (from another office) is filed by its id. Each source is filed once (409).
Lending: `filed` → (lend, with a due date) `lent` → (return) `filed`; a lent file cannot be lent again
until it is returned (409). An open loan is an item of kind `archive_loan` on the supervision board
(the borrower's office, the loan's due date) and a deadline of the chassis scheduler, which publishes
`archive_loan.overdue` once, the day after the due date; the return closes both. Loans not returned
after their due date are also listed with `overdue=true`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class SourceKind(StrEnum):
    incoming_document = "incoming_document"
    outgoing_document = "outgoing_document"
    case = "case"


class ArchiveState(StrEnum):
    filed = "filed"
    lent = "lent"


TRANSITIONS = Transitions(
    "archive",
    {
        "lend": Rule(frozenset({ArchiveState.filed}), ArchiveState.lent),
        "return": Rule(frozenset({ArchiveState.lent}), ArchiveState.filed),
    },
)


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def check_loan_due(due_on: date, on: date) -> None:
    if due_on < on:
        raise Invalid("due_on", f"cannot be before today ({on})")


def is_loan_overdue(returned_on: date | None, due_on: date, on: date) -> bool:
    return returned_on is None and due_on < on
