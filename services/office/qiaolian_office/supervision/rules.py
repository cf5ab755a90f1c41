"""The board's rules: an item is open until what it watches is done, and overdue while open past its due date."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

DUE_SOON_DAYS = 7  # the summary's "due within 7 days"


class ItemState(StrEnum):
    open = "open"
    closed = "closed"


def is_overdue(state: str, due_on: date, on: date) -> bool:
    return state == ItemState.open and due_on < on


def election_source(federation_id: str, term_ends_on: date) -> str:
    """A federation election's item is one per federation and term: `<federation id>:<term end>`."""
    return f"{federation_id}:{term_ends_on.isoformat()}"


# office's own watched dates: its commands put them on the board in the same unit of work (office
# consumes no event of its own stream); the overdue fact each publishes, and the board's kind for it
OWN_WATCHED = {
    "qiaolian.office.task.overdue.v1": "task",
    "qiaolian.office.archive_loan.overdue.v1": "archive_loan",
    "qiaolian.office.passport.overdue.v1": "passport_return",
    "qiaolian.office.confidential_mail.overdue.v1": "confidential_mail",
    "qiaolian.office.safety_equipment.check_overdue.v1": "safety_equipment",
}
