"""Pure rules of the confidential mail register.

A piece is `held` from registration until it is `returned` (to the sender, or back from the addressee)
or `destroyed`, whichever its `disposal` says, by its due date; that date is on the board and watched
by the scheduler (`confidential_mail.overdue`, once per date). Only classified mail is registered here
(confidential, secret, top secret); who may read it follows the documents' rule
(`documents.rules.readable`): the matching clearance, titles too; anyone else gets 404.
"""

from __future__ import annotations

from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions

from ..documents.rules import Classification


class Direction(StrEnum):
    received = "received"
    sent = "sent"


class Disposal(StrEnum):
    return_ = "return"
    destroy = "destroy"


class MailState(StrEnum):
    held = "held"
    returned = "returned"
    destroyed = "destroyed"


CLASSIFIED = (Classification.confidential, Classification.secret, Classification.top_secret)

TRANSITIONS = Transitions(
    "confidential mail",
    {
        "return": Rule(frozenset({MailState.held}), MailState.returned),
        "destroy": Rule(frozenset({MailState.held}), MailState.destroyed),
    },
)


def allowed(state: MailState, disposal: Disposal) -> list[str]:
    """The commands a piece allows: only the disposal it was registered for."""
    return [c for c in TRANSITIONS.commands(state) if c == disposal.value]


def check_classified(classification: Classification, cleared: frozenset[str]) -> None:
    if classification not in CLASSIFIED:
        raise Invalid("classification", "confidential mail is confidential, secret or top_secret")
    if classification.value not in cleared:
        raise Invalid("classification", "is above the registrar's clearance")
