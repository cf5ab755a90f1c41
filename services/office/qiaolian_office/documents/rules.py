"""Official documents' states, numbering and clearance.

Incoming: `registered` → (route to an office with a handling deadline) `routed` → (complete) `handled`;
routing again moves it. A routed document is an item of kind `document` on the supervision board
until it is handled.
Outgoing: `drafting` → (submit) `in_review` → (sign, 簽發) `signed` → (number) `numbered` →
(seal, 用印) `sealed` → (dispatch) `dispatched`; `return` sends a document in review back to drafting.
Sealing (用印) comes after sign-off and before dispatch (DOMAIN.md, office: "review, sign-off,
numbering, sealing, dispatch"): the seal is applied to the signed, numbered text, by the person who
keeps the seal, whose name and the date are recorded; an unsealed document is not dispatched (409).

Numbers are a gap-free sequence per prefix and year (e.g. 湘僑發〔2026〕12號).

Classification: `public` and `internal` documents are visible to all who read office's records;
`confidential` (秘密), `secret` (機密) and `top_secret` (絕密) need the signed-in person's clearance (the token's
`clearance`, contracts/access.py CLEARANCE_LEVELS) at that level or above. A document the caller is
not cleared for is not listed and answers 404, so its existence (and its title) is not revealed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions
from qiaolian_contracts.access import CLEARANCE_LEVELS


class Classification(StrEnum):
    public = "public"
    internal = "internal"
    confidential = "confidential"  # 秘密
    secret = "secret"  # 機密
    top_secret = "top_secret"  # 絕密


class Urgency(StrEnum):
    normal = "normal"
    urgent = "urgent"  # 急件
    very_urgent = "very_urgent"  # 特急


class IncomingState(StrEnum):
    registered = "registered"
    routed = "routed"
    handled = "handled"


class OutgoingState(StrEnum):
    drafting = "drafting"
    in_review = "in_review"
    signed = "signed"
    numbered = "numbered"
    sealed = "sealed"
    dispatched = "dispatched"


INCOMING = Transitions(
    "incoming document",
    {
        "route": Rule(frozenset({IncomingState.registered, IncomingState.routed}), IncomingState.routed),
        "complete": Rule(frozenset({IncomingState.routed}), IncomingState.handled),
    },
)
OUTGOING = Transitions(
    "outgoing document",
    {
        "submit": Rule(frozenset({OutgoingState.drafting}), OutgoingState.in_review),
        "return": Rule(frozenset({OutgoingState.in_review}), OutgoingState.drafting),
        "sign": Rule(frozenset({OutgoingState.in_review}), OutgoingState.signed),
        "number": Rule(frozenset({OutgoingState.signed}), OutgoingState.numbered),
        "seal": Rule(frozenset({OutgoingState.numbered}), OutgoingState.sealed),
        "dispatch": Rule(frozenset({OutgoingState.sealed}), OutgoingState.dispatched),
    },
)


def readable(clearance: str | None) -> frozenset[str]:
    """The classifications a person cleared to `clearance` (None: not cleared) may read: the open ones,
    and every level up to theirs."""
    levels = {Classification.public.value, Classification.internal.value}
    if clearance in CLEARANCE_LEVELS:
        levels |= set(CLEARANCE_LEVELS[: CLEARANCE_LEVELS.index(clearance) + 1])
    return frozenset(c.value for c in Classification if c.value in levels)


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}〔{year}〕{sequence}號"


def check_received(received_on: date, on: date) -> None:
    if received_on > on:
        raise Invalid("received_on", f"cannot be after today ({on})")


def check_handling_due(handling_due: date, on: date) -> None:
    if handling_due < on:
        raise Invalid("handling_due", f"cannot be before today ({on})")
