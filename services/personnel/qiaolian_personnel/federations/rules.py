"""A federation's term and its elections (換屆): the dates that must agree, and when an election is due.

The end of each term is a deadline of kind FEDERATION_TERM (subject: the federation); the chassis
scheduler publishes `federation.election_due` once, the notice period before it ends.
"""

from __future__ import annotations

from datetime import date, timedelta

from qiaolian_chassis.errors import Invalid
from qiaolian_contracts.events.personnel import FederationElectionDue

FEDERATION_TERM = "federation_term"


def election_due(federation_id: str, term_ends_on: date, _which: str) -> FederationElectionDue:
    """What is published when a term enters its notice period."""
    return FederationElectionDue(federation_id=federation_id, term_ends_on=term_ends_on)


def election_due_from(term_ends_on: date, notice_days: int) -> date:
    """The first day on which the next election is due."""
    return term_ends_on - timedelta(days=notice_days)


def check_term(starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise Invalid("term_ends_on", "must be after term_starts_on")


def check_election(
    current_term_starts_on: date, *, held_on: date, approved_on: date, term_starts_on: date, term_ends_on: date
) -> None:
    """An election is held, then approved, before the new term starts, which is after the current one's start."""
    check_term(term_starts_on, term_ends_on)
    if approved_on < held_on:
        raise Invalid("approved_on", "must not be before held_on")
    if term_starts_on <= current_term_starts_on:
        raise Invalid("term_starts_on", "the new term must start after the current term started")
    if held_on > term_starts_on:
        raise Invalid("held_on", "the election must be held before the new term starts")
