"""Pure rules of personnel: cadre states, establishment, federation terms, identity checklist, commendation notice.

No I/O here: the application modules load rows, ask these rules, and save the result.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from collections.abc import Mapping
from typing import Any

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.statemachine import Transitions
from qiaolian_contracts.events.personnel import FederationElectionDue, IdentityType

FEDERATION_TERM = "federation_term"

DEFAULT_CHECKLIST: dict[str, list[str]] = {
    # 歸僑: household register, passport or travel document, overseas residence proof, return-to-settle proof
    IdentityType.returnee.value: ["household_register", "passport", "overseas_residence_proof",
                                  "return_settlement_proof"],
    # 僑眷: household register, proof of the relationship, the overseas relative's identity/residence proof
    IdentityType.relative.value: ["household_register", "relationship_proof", "overseas_relative_residence_proof"],
    # 其他僑眷 (long-term support relationship): as a relative, plus a notarised support certificate
    IdentityType.other_relative.value: ["household_register", "relationship_proof",
                                        "overseas_relative_residence_proof", "notarised_support_certificate"],
}


def beijing_date(at: datetime) -> date:
    return at.astimezone(CHINA).date()


def require(entity: str, commands: Mapping[str, frozenset[Any]], state: StrEnum, command: str) -> None:
    """409 with the current state and the commands it allows, unless `command` is allowed in `state`."""
    Transitions(entity, commands).require(state, command)


# ---- cadres -------------------------------------------------------------------------------------

class CadreState(StrEnum):
    unassigned = "unassigned"  # registered, or removed from the last post
    in_post = "in_post"
    retired = "retired"


CADRE_COMMANDS: dict[str, frozenset[CadreState]] = {
    "appoint": frozenset({CadreState.unassigned}),
    "transfer": frozenset({CadreState.in_post}),
    "remove": frozenset({CadreState.in_post}),
    "retire": frozenset({CadreState.unassigned, CadreState.in_post}),
}


def require_cadre(state: CadreState, command: str) -> None:
    require("cadre", CADRE_COMMANDS, state, command)


class PostLevel(StrEnum):
    """Levels of the establishment (編制) a post counts against."""

    bureau = "bureau"  # 廳局級: 主席, 副主席, 巡視員
    division = "division"  # 處級: 處長, 副處長, 調研員
    section = "section"  # 科級: 科長, 副科長, 主任科員
    staff = "staff"  # 科員, 辦事員


# checked in this order: "主任科員" must win over "科員"
_TITLE_LEVELS = (("巡視員", PostLevel.bureau), ("主席", PostLevel.bureau), ("廳", PostLevel.bureau),
                 ("處長", PostLevel.division), ("調研員", PostLevel.division),
                 ("科長", PostLevel.section), ("主任科員", PostLevel.section),
                 ("科員", PostLevel.staff), ("辦事員", PostLevel.staff))


def level_of_title(post: str) -> PostLevel | None:
    """The level a civil-service post title names, or None for a title this table does not know."""
    for word, level in _TITLE_LEVELS:
        if word in post:
            return level
    return None


def check_establishment(office: str, level: str, approved: int | None, occupied: int) -> None:
    """Refuse (409) an appointment that would exceed the approved slots.

    No approved number for the office and level means the establishment is not set yet: unlimited.
    `occupied` counts the cadres in post there now, without the one being appointed.
    """
    if approved is not None and occupied + 1 > approved:
        raise Conflict(f"the establishment of {office} at level {level} is full: {occupied} of {approved} "
                       f"approved slots are occupied", office=office, post_level=level, approved=approved,
                       occupied=occupied, vacant=max(0, approved - occupied))


# ---- grassroots federations ---------------------------------------------------------------------

def election_due(federation_id: str, term_ends_on: date, _which: str) -> FederationElectionDue:
    """What the scheduler publishes when a term enters its notice period."""
    return FederationElectionDue(federation_id=federation_id, term_ends_on=term_ends_on)


# ---- identity review ----------------------------------------------------------------------------

class ReviewState(StrEnum):
    submitted = "submitted"
    returned = "returned"
    verified = "verified"
    filed = "filed"


REVIEW_COMMANDS: dict[str, frozenset[ReviewState]] = {
    "review": frozenset({ReviewState.submitted}),
    "resubmit": frozenset({ReviewState.returned}),
    "file": frozenset({ReviewState.verified}),
}


def require_review(state: ReviewState, command: str) -> None:
    require("identity review", REVIEW_COMMANDS, state, command)


def missing_documents(required: list[str], provided: set[str], rejected: set[str]) -> list[str]:
    """What the federation must still send: required and not provided, or provided but not accepted."""
    return [code for code in required if code not in provided or code in rejected]


def mask(number: str) -> str:
    """A certificate number as a list shows it: only the last 4 characters."""
    return "*" * max(0, len(number) - 4) + number[-4:] if len(number) > 4 else "*" * len(number)


# ---- commendation -------------------------------------------------------------------------------

class CommendationState(StrEnum):
    called = "called"  # nominations open and under review
    publicized = "publicized"  # public notice period (公示)
    awarded = "awarded"


COMMENDATION_COMMANDS: dict[str, frozenset[CommendationState]] = {
    "nominate": frozenset({CommendationState.called}),
    "review": frozenset({CommendationState.called}),
    "publicize": frozenset({CommendationState.called}),
    "object": frozenset({CommendationState.publicized}),
    "resolve objection": frozenset({CommendationState.publicized}),
    "award": frozenset({CommendationState.publicized}),
}


def require_commendation(state: CommendationState, command: str) -> None:
    require("commendation", COMMENDATION_COMMANDS, state, command)


def notice_ends_on(starts_on: date, days: int) -> date:
    """The last day of a notice of `days` days that starts on `starts_on`."""
    return starts_on + timedelta(days=days - 1)


def require_notice_open(today: date, ends_on: date) -> None:
    if today > ends_on:
        raise Conflict(f"the public notice ended on {ends_on}; objections are no longer accepted",
                       current_state="notice_ended", notice_ends_on=ends_on.isoformat())


def require_notice_over(today: date, ends_on: date) -> None:
    """Nobody is awarded before the notice period has ended."""
    if today <= ends_on:
        raise Conflict(f"the public notice runs until {ends_on}; nobody is awarded before it ends",
                       current_state="publicized", notice_ends_on=ends_on.isoformat())


