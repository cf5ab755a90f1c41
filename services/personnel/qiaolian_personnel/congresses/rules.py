"""A congress's rules: quotas only for city and university federations, nominations within them, and the
congress's date watched (deadline kind CONGRESS_DATE, subject: the congress) until its committee is elected."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_contracts.events.personnel import CongressDue, FederationLevel

CONGRESS_DATE = "congress_date"
QUOTA_LEVELS = frozenset({FederationLevel.city, FederationLevel.university})


class CongressState(StrEnum):
    planned = "planned"
    held = "held"


def congress_due(congress_id: str, held_on: date, _which: str) -> CongressDue:
    return CongressDue(congress_id=congress_id, held_on=held_on)


def check_quota_level(level: FederationLevel) -> None:
    if level not in QUOTA_LEVELS:
        raise Invalid("federation_id", "quotas are for city and university federations")


def check_within_quota(seats: int, nominated: int) -> None:
    """One more nomination must fit the federation's quota (409 with the numbers)."""
    if nominated >= seats:
        raise Conflict(
            f"the federation's quota of {seats} delegates is used up ({nominated} nominated)",
            quota=seats,
            nominated=nominated,
        )
