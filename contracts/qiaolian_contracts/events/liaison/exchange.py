"""Facts of delegation visits, articles, programmes, exchange bases, media and work plans."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from ...envelope import Payload
from ..common import Code, CountryCode, Id


class DelegationVisitScheduled(Payload):
    """An overseas delegation's visit to Hunan (回湘參訪) is scheduled; office arranges its logistics."""

    visit_id: Id
    association_name: str = Field(
        min_length=1,
        max_length=200,
        description="name of the visiting public organisation: office's reception staff need it",
    )
    country: CountryCode
    size: int = Field(ge=1, le=500)
    arrival_on: date
    departure_on: date
    needs_reception: bool
    vehicles_needed: int = Field(ge=0, le=50)


class DelegationVisitLogisticsRequested(DelegationVisitScheduled):
    """Logistics are asked for again (after a declined booking): office answers as for a scheduled visit.

    `needs_reception` is false when a reception is already arranged; `vehicles_needed` is what is still missing.
    """


class DelegationVisitCancelled(Payload):
    visit_id: Id
    cancelled_on: date


class DelegationVisitConcluded(Payload):
    visit_id: Id
    concluded_on: date
    members: int = Field(ge=0, description="how many registered members took part")


class ArticleKind(StrEnum):
    news_release = "news_release"
    manuscript = "manuscript"


class ArticleSubmitted(Payload):
    """A news release or manuscript was submitted for review before release."""

    article_id: Id
    kind: ArticleKind
    author_cadre_id: Id
    submitted_at: datetime


class ArticleApproved(Payload):
    article_id: Id
    reviewer_cadre_id: Id
    approved_at: datetime


class ArticleRejected(Payload):
    """The reviewer returned the article with comments (the comments stay in liaison)."""

    article_id: Id
    reviewer_cadre_id: Id
    rejected_at: datetime


class ArticlePublished(Payload):
    """An approved article went onto the website (網上僑聯)."""

    article_id: Id
    published_at: datetime


class ArticleWithdrawn(Payload):
    article_id: Id
    withdrawn_at: datetime


class ProgrammeKind(StrEnum):
    study_tour = "study_tour"  # 研習營 / 尋根之旅
    training = "training"  # 培訓班
    festival_invitation = "festival_invitation"  # 節慶邀請


class ProgrammeOpened(Payload):
    """A study tour, training course or festival invitation opened for registration."""

    programme_id: Id
    kind: ProgrammeKind
    starts_on: date
    ends_on: date
    capacity: int = Field(ge=1, le=10_000)


class RegistrationOutcome(StrEnum):
    approved = "approved"
    waitlisted = "waitlisted"
    rejected = "rejected"
    withdrawn = "withdrawn"


class RegistrationDecided(Payload):
    """A participant's registration was approved, waitlisted (programme full), rejected or withdrawn.

    A waitlisted registration that moves up when a seat frees is published again as approved.
    """

    registration_id: Id
    programme_id: Id
    outcome: RegistrationOutcome


class ParticipantCheckedIn(Payload):
    registration_id: Id
    programme_id: Id
    checked_in_on: date


class ExchangeActivityHeld(Payload):
    """A "親情中華" cultural exchange activity took place."""

    activity_id: Id
    kind: Code = Field(description="e.g. performance_tour, summer_camp, exhibition")
    country: CountryCode | None = Field(None, description="where it was held, when abroad")
    held_on: date
    participants: int = Field(ge=0)
    base_id: Id | None = None


class ExchangeBaseAccredited(Payload):
    """A cultural exchange base (華文教育 / 文化交流基地) was accredited until its next review."""

    base_id: Id
    name: str = Field(min_length=1, max_length=200, description="name of the public institution accredited")
    accredited_on: date
    review_due_on: date


class ExchangeBaseReviewDue(Payload):
    """A base's periodic review is due soon (LIAISON_BASE_REVIEW_WARN_DAYS, default 30)."""

    base_id: Id
    review_due_on: date


class BaseReviewOutcome(StrEnum):
    renewed = "renewed"
    revoked = "revoked"


class ExchangeBaseReviewed(Payload):
    base_id: Id
    reviewed_on: date
    outcome: BaseReviewOutcome
    next_review_on: date | None = Field(None, description="set when renewed")


class CoverageRecorded(Payload):
    """An overseas Chinese-language media outlet's coverage was recorded."""

    coverage_id: Id
    outlet_id: Id
    published_on: date


class WorkPlanApproved(Payload):
    """The yearly foreign-affairs work plan (外事工作計劃) was approved."""

    plan_id: Id
    year: int = Field(ge=2000, le=2100)
    items: int = Field(ge=0)


class WorkPlanItemCompleted(Payload):
    plan_id: Id
    item_id: Id
    completed_on: date
    on_time: bool = Field(description="completed on or before the item's due date (true when it had none)")


class WorkPlanItemDeadline(Payload):
    """An item of an approved work plan is due soon (`work_plan.item_due`) or past its due date and not
    done (`work_plan.item_overdue`); the item's title stays in liaison."""

    item_id: Id
    due_on: date


class WorkPlanItemDropped(Payload):
    """An item of an approved work plan was dropped (the reason stays in liaison): nothing more is due."""

    plan_id: Id
    item_id: Id
