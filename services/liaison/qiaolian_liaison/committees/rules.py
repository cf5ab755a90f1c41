"""A committee's term (its end a deadline of kind COMMITTEE_TERM, subject: the committee) and its members."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_contracts.events.liaison import CommitteeKind, CommitteeTermExpiring

COMMITTEE_TERM = "committee_term"


class CommitteeRole(StrEnum):
    chair = "chair"
    vice_chair = "vice_chair"
    member = "member"
    adviser = "adviser"


def term_expiring(committee_id: str, term_ends_on: date, _which: str) -> CommitteeTermExpiring:
    return CommitteeTermExpiring(committee_id=committee_id, term_ends_on=term_ends_on)


def check_term(starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise Invalid("term_ends_on", "must be after term_starts_on")


def check_renewal(current_ends_on: date, starts_on: date, ends_on: date) -> None:
    check_term(starts_on, ends_on)
    if ends_on <= current_ends_on:
        raise Invalid("term_ends_on", "the new term must end after the current one")


def check_joined(joined_on: date, starts_on: date, ends_on: date) -> None:
    if not starts_on <= joined_on <= ends_on:
        raise Invalid("joined_on", "must be within the committee's term")


__all__ = ["COMMITTEE_TERM", "CommitteeKind", "CommitteeRole", "CommitteeTermExpiring"]
