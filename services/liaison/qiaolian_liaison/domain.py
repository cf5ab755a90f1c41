"""Pure rules of liaison: delegation visits (回湘參訪) and their logistics outcome, key persons' terms,
and the review of news releases and manuscripts."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from qiaolian_chassis.deadlines import DeadlineKind
from qiaolian_chassis.statemachine import Transitions
from qiaolian_contracts.events.liaison import ExchangeBaseReviewDue, MemberTermExpiring

TERM_EXPIRING = "qiaolian.liaison.member.term_expiring.v1"
MEMBER_TERM = "member_term"
BASE_REVIEW_DUE = "qiaolian.liaison.base.review_due.v1"
BASE_REVIEW = "base_review"


class LiaisonSettings(BaseSettings):
    """liaison's configurable numbers (prefix `LIAISON_`)."""

    model_config = SettingsConfigDict(env_prefix="LIAISON_", extra="ignore")

    term_warn_days: int = Field(60, ge=0, le=366,
                                description="publish member.term_expiring this many days before a term ends")
    base_review_warn_days: int = Field(30, ge=0, le=366,
                                       description="publish base.review_due this many days before a base's review")


def term_deadline_kinds(settings: LiaisonSettings | None = None) -> list[DeadlineKind]:
    """The deadline the scheduler watches for each appointment with a term end; subject = appointment id."""
    settings = settings or LiaisonSettings()

    def payload(appointment_id: str, due_on: date, _which: Any) -> MemberTermExpiring:
        return MemberTermExpiring(appointment_id=appointment_id, term_ends_on=due_on)

    return [DeadlineKind(MEMBER_TERM, settings.term_warn_days, TERM_EXPIRING, None, payload)]


def base_review_deadline_kinds(settings: LiaisonSettings | None = None) -> list[DeadlineKind]:
    """The review date of each accredited cultural exchange base; subject = base id."""
    settings = settings or LiaisonSettings()

    def payload(base_id: str, due_on: date, _which: Any) -> ExchangeBaseReviewDue:
        return ExchangeBaseReviewDue(base_id=base_id, review_due_on=due_on)

    return [DeadlineKind(BASE_REVIEW, settings.base_review_warn_days, BASE_REVIEW_DUE, None, payload)]


def deadline_kinds(settings: LiaisonSettings | None = None) -> list[DeadlineKind]:
    """Every deadline liaison's scheduler watches."""
    settings = settings or LiaisonSettings()
    return term_deadline_kinds(settings) + base_review_deadline_kinds(settings)


class VisitState(StrEnum):
    proposed = "proposed"
    approved = "approved"
    scheduled = "scheduled"
    arrived = "arrived"
    concluded = "concluded"
    cancelled = "cancelled"


class Part(StrEnum):
    """The state of one part of the logistics (reception, vehicles) as office answered it."""

    not_needed = "not_needed"
    requested = "requested"
    arranged = "arranged"
    declined = "declined"
    released = "released"


VISITS = Transitions("delegation visit", {
    "approve": frozenset({VisitState.proposed}),
    "schedule": frozenset({VisitState.approved}),
    "arrive": frozenset({VisitState.scheduled}),
    "conclude": frozenset({VisitState.arrived}),
    "cancel": frozenset({VisitState.proposed, VisitState.approved, VisitState.scheduled}),
    "request_logistics": frozenset({VisitState.scheduled}),
})
allowed_commands = VISITS.commands
require = VISITS.require


def logistics_status(reception: Part, vehicles: Part) -> str:
    """One word a liaison officer reads: pending, arranged, needs_attention, released or not_needed."""
    parts = {reception, vehicles}
    if Part.declined in parts:
        return "needs_attention"
    if Part.requested in parts:
        return "pending"
    if Part.released in parts:
        return "released"
    if Part.arranged in parts:
        return "arranged"
    return "not_needed"


class ArticleState(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    returned = "returned"
    published = "published"
    withdrawn = "withdrawn"


ARTICLES = Transitions("article", {
    "edit": frozenset({ArticleState.draft, ArticleState.returned}),
    "submit": frozenset({ArticleState.draft, ArticleState.returned}),
    "approve": frozenset({ArticleState.submitted}),
    "return": frozenset({ArticleState.submitted}),
    "publish": frozenset({ArticleState.approved}),
    "withdraw": frozenset({ArticleState.published}),
})
article_commands = ARTICLES.commands
require_article = ARTICLES.require


class RegistrationState(StrEnum):
    pending = "pending"
    approved = "approved"
    waitlisted = "waitlisted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    checked_in = "checked_in"


REGISTRATIONS = Transitions("registration", {
    "approve": frozenset({RegistrationState.pending}),
    "reject": frozenset({RegistrationState.pending, RegistrationState.waitlisted}),
    "withdraw": frozenset({RegistrationState.pending, RegistrationState.approved, RegistrationState.waitlisted}),
    "check_in": frozenset({RegistrationState.approved}),
})
registration_commands = REGISTRATIONS.commands
require_registration = REGISTRATIONS.require


def approval_outcome(approved: int, capacity: int) -> RegistrationState:
    """Approving a registration takes a seat while there is one; otherwise it joins the waitlist."""
    return RegistrationState.approved if approved < capacity else RegistrationState.waitlisted


def seats_to_promote(approved: int, capacity: int, waitlisted: int) -> int:
    """How many of the waitlist (first come, first served) move up when seats free."""
    return max(0, min(capacity - approved, waitlisted))
