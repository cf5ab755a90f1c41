"""A federation's term and its elections (換屆): the dates that must agree, and when an election is due.

The end of each term is a deadline of kind FEDERATION_TERM (subject: the federation); the chassis
scheduler publishes `federation.election_due` once, the notice period before it ends.
"""

from __future__ import annotations

from datetime import date, timedelta

from qiaolian_chassis.errors import Invalid
from qiaolian_contracts.events.personnel import FederationElectionDue, FederationLevel

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


L = FederationLevel
PARENT_LEVELS: dict[FederationLevel, frozenset[FederationLevel]] = {
    L.province: frozenset(),
    L.city: frozenset({L.province}),
    L.county: frozenset({L.city}),
    L.university: frozenset({L.province, L.city}),
    L.overseas_chinese_home: frozenset({L.city, L.county}),
}
LOCAL_LEVELS = frozenset({L.city, L.county})


def check_parent(level: FederationLevel, parent_level: FederationLevel | None) -> None:
    """The tree: province → city → county → 僑胞之家 (also under a city); universities under the province or a city.

    A federation other than the province may be registered before its parent (parent left empty)."""
    if parent_level is None:
        return
    if parent_level not in PARENT_LEVELS[level]:
        allowed = ", ".join(sorted(PARENT_LEVELS[level])) or "none"
        raise Invalid("parent_id", f"a {level} federation cannot be under a {parent_level} one (allowed: {allowed})")


def check_link(local_level: FederationLevel, university_level: FederationLevel) -> None:
    if local_level not in LOCAL_LEVELS:
        raise Invalid("local_federation_id", "must be a city or county federation")
    if university_level is not L.university:
        raise Invalid("university_federation_id", "must be a university federation")
