"""Archives: filed once per source, kept until filed date + retention years; lent and returned.

Classification (ACCESS.md: classified documents and their archive entries only to the matching
clearance): an entry takes the classification of the document it files; one given at filing may
raise it (a case's file, internal otherwise, or a document filed at a higher level) but never lower
it (422), and only to a level the filer is cleared for (422). List, detail, loans and lending show
an entry only to those cleared for it, as documents do (404 otherwise, title included).

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

from ..documents.rules import Classification


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


def entry_classification(source: str, given: Classification | None, cleared: frozenset[str]) -> str:
    """The archive entry's classification: the source's (a document's, a case's `internal`), or the one
    given at filing if it is not lower and the filer is cleared for it."""
    if given is None:
        return source
    order = list(Classification)
    if order.index(given) < order.index(Classification(source)):
        raise Invalid("classification", f"cannot be lower than the filed document's ({source})")
    if given.value not in cleared:
        raise Invalid("classification", "is above the filer's clearance")
    return given.value
