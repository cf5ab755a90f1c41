"""A commendation's states and its public notice period (公示).

The notice runs `PERSONNEL_COMMENDATION_NOTICE_DAYS` (7) days from the day it is published, both
ends included; objections are accepted until its last day, and nobody is awarded before the day
after it (409 with the notice's last day). An objection that is upheld withdraws the nomination;
open objections must be resolved before the decision.

The approval chain (`CHAIN`): the review of the nominations, the publication of the notice, the award,
each decided by a signed-in person with `personnel.approve`, in that order (the states; out of order is
409). Separation of duties (ACCESS.md, the chassis's `duties.check_signer`): one person decides at most
one step of one commendation's chain (reviewing several of its nominations is one step), and nobody
reviews, publicizes or awards a nomination they made or of which they are the nominee, nor resolves an
objection to it (409 with the reason). Resolving an objection is not a step of the chain.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from qiaolian_chassis import duties
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.statemachine import Rule, Transitions


class CommendationState(StrEnum):
    called = "called"  # nominations open and under review
    publicized = "publicized"  # public notice period (公示)
    awarded = "awarded"


COMMENDATIONS = Transitions(
    "commendation",
    {
        "nominate": {CommendationState.called},
        "review": {CommendationState.called},
        "publicize": Rule(frozenset({CommendationState.called}), CommendationState.publicized),
        "object": {CommendationState.publicized},
        "resolve objection": {CommendationState.publicized},
        "award": Rule(frozenset({CommendationState.publicized}), CommendationState.awarded),
    },
)

# nominated -> approved | not_approved (review); approved -> withdrawn (objection upheld) | awarded
NominationState = Literal["nominated", "approved", "not_approved", "withdrawn", "awarded"]
ObjectionState = Literal["lodged", "upheld", "dismissed"]


def notice_ends_on(starts_on: date, days: int) -> date:
    """The last day of a notice of `days` days that starts on `starts_on`."""
    return starts_on + timedelta(days=days - 1)


def require_notice_open(today: date, ends_on: date) -> None:
    if today > ends_on:
        raise Conflict(
            f"the public notice ended on {ends_on}; objections are no longer accepted",
            current_state="notice_ended",
            notice_ends_on=ends_on.isoformat(),
        )


def require_notice_over(today: date, ends_on: date) -> None:
    """Nobody is awarded before the notice period has ended."""
    if today <= ends_on:
        raise Conflict(
            f"the public notice runs until {ends_on}; nobody is awarded before it ends",
            current_state="publicized",
            notice_ends_on=ends_on.isoformat(),
        )


CHAIN: tuple[str, ...] = ("review", "publicize", "award")


def check_decider(
    signer: str, signer_cadre: str | None, step: str | None, own: list[str | None], decided: dict[str, str]
) -> None:
    """409 unless the signed-in person may decide `step` (None: an objection) of a commendation whose
    nominations in question were made by or name `own`, after `decided` (person -> step)."""
    duties.check_signer(
        signer,
        signer_cadre,
        what="this commendation",
        own={"on a nomination they made or of which they are the nominee": own},
        decided=decided if step is not None else None,
        step=step,
    )
