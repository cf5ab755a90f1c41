"""Facts published by liaison (宣傳聯絡處).

Personal data: a key person's name travels in `person.registered` (the field says why); phones,
addresses, e-mail and documents of persons stay in liaison's database. Free text (comments,
interaction notes, itineraries) never travels.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
from .common import Code, CountryCode, Id

PublicName = Field(min_length=1, max_length=200)


class ContactKind(StrEnum):
    person = "person"
    association = "association"


class MemberRole(StrEnum):
    """The federation's roles for overseas figures."""

    overseas_adviser = "overseas_adviser"  # 海外顧問
    committee_member = "committee_member"  # 委員
    youth_committee_member = "youth_committee_member"  # 青年委員
    hmt_contact = "hmt_contact"  # 港澳台聯絡人 (Hong Kong / Macao / Taiwan contact)


class InteractionKind(StrEnum):
    visit = "visit"
    call = "call"
    meeting = "meeting"
    letter = "letter"
    gift = "gift"


class AssociationRegistered(Payload):
    """An overseas Chinese association (社團) was registered; office's resource registry lists it."""

    association_id: Id
    name_zh: str | None = Field(None, min_length=1, max_length=200,
                                description="name of a public organisation: the resource registry lists it by name")
    name_romanised: str | None = Field(None, min_length=1, max_length=200,
                                       description="romanised name of the public organisation, for the registry")
    country: CountryCode
    city: str | None = Field(None, max_length=100, description="city abroad where the organisation is based")
    field: Code = Field(description="area of work, e.g. business, culture, science, hometown, youth")
    hometown: str | None = Field(None, max_length=100, description="place in Hunan the members come from, if any")
    founded_year: int | None = Field(None, ge=1800, le=2100)


class PersonRegistered(Payload):
    """A key overseas person was registered. Phones, addresses and documents stay in liaison."""

    person_id: Id
    name_zh: str | None = Field(
        None, min_length=1, max_length=100,
        description="name of a public overseas community figure: the resource registry (僑務資源) lists them by name")
    name_romanised: str | None = Field(
        None, min_length=1, max_length=200,
        description="romanised name of the same public figure, for the registry's search")
    country: CountryCode
    field: Code = Field(description="area of work, e.g. business, culture, science, education")
    hometown: str | None = Field(None, max_length=100, description="place in Hunan the person comes from, if any")
    association_id: Id | None = None


class AssociationUpdated(Payload):
    """An association's location, field, hometown or status changed (its names do not change here)."""

    association_id: Id
    city: str | None = Field(None, max_length=100, description="city abroad where the organisation is based")
    field: Code
    hometown: str | None = Field(None, max_length=100)
    status: Code = Field(description="active, dormant or dissolved")


class PersonUpdated(Payload):
    """A key person's field, hometown or association changed. Contact details never travel."""

    person_id: Id
    field: Code
    hometown: str | None = Field(None, max_length=100)
    association_id: Id | None = None


class MemberAppointed(Payload):
    """A key person took a federation role (adviser, committee member, ...) for a term."""

    appointment_id: Id
    person_id: Id
    association_id: Id | None = None
    role: MemberRole
    term_starts_on: date
    term_ends_on: date | None = Field(None, description="none for an open-ended role")


class MemberTermExpiring(Payload):
    """A key person's term ends soon (by default within 60 days): renew it or let it end."""

    appointment_id: Id = Field(description="the appointment of member.appointed (which names person and role)")
    term_ends_on: date


class ContactMerged(Payload):
    """Two records of the same person or association were combined; re-point references to the survivor."""

    kind: ContactKind
    survivor_id: Id
    merged_id: Id


class InteractionLogged(Payload):
    """A contact with a person or association (visit, call, ...) was logged; its notes stay in liaison."""

    interaction_id: Id
    contact_kind: ContactKind
    contact_id: Id
    kind: InteractionKind
    occurred_on: date
    staff_cadre_id: Id


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


PRODUCES = (
    EventType("qiaolian.liaison.association.registered.v1", AssociationRegistered,
              "An overseas Chinese association (社團) was registered."),
    EventType("qiaolian.liaison.person.registered.v1", PersonRegistered,
              "A key overseas person was registered (no phones, addresses or documents)."),
    EventType("qiaolian.liaison.association.updated.v1", AssociationUpdated,
              "An association's city, field, hometown or status changed."),
    EventType("qiaolian.liaison.person.updated.v1", PersonUpdated,
              "A key person's field, hometown or association changed."),
    EventType("qiaolian.liaison.member.appointed.v1", MemberAppointed,
              "A key person was appointed to a federation role for a term."),
    EventType("qiaolian.liaison.member.term_expiring.v1", MemberTermExpiring,
              "A key person's term ends within the warning period (LIAISON_TERM_WARN_DAYS, default 60)."),
    EventType("qiaolian.liaison.contact.merged.v1", ContactMerged,
              "Two duplicate records were merged; references to merged_id now mean survivor_id."),
    EventType("qiaolian.liaison.contact.interaction_logged.v1", InteractionLogged,
              "An interaction with a person or association was logged."),
    EventType("qiaolian.liaison.delegation_visit.scheduled.v1", DelegationVisitScheduled,
              "An overseas delegation visit to Hunan was scheduled; logistics are requested from office."),
    EventType("qiaolian.liaison.delegation_visit.logistics_requested.v1", DelegationVisitLogisticsRequested,
              "Logistics of a scheduled visit are requested again after a declined booking."),
    EventType("qiaolian.liaison.delegation_visit.cancelled.v1", DelegationVisitCancelled,
              "A delegation visit was cancelled; office releases its reception and vehicles."),
    EventType("qiaolian.liaison.delegation_visit.concluded.v1", DelegationVisitConcluded,
              "A delegation visit ended."),
    EventType("qiaolian.liaison.article.submitted.v1", ArticleSubmitted,
              "A news release or manuscript was submitted for review."),
    EventType("qiaolian.liaison.article.approved.v1", ArticleApproved,
              "A reviewer (not the author) approved an article for release."),
    EventType("qiaolian.liaison.article.rejected.v1", ArticleRejected,
              "A reviewer returned an article with comments."),
    EventType("qiaolian.liaison.article.published.v1", ArticlePublished,
              "An approved article was published on the website (網上僑聯)."),
    EventType("qiaolian.liaison.article.withdrawn.v1", ArticleWithdrawn,
              "A published article was withdrawn from the website."),
    EventType("qiaolian.liaison.programme.opened.v1", ProgrammeOpened,
              "A study tour, training course or festival invitation opened for registration."),
    EventType("qiaolian.liaison.registration.decided.v1", RegistrationDecided,
              "A programme registration was approved, waitlisted, rejected or withdrawn."),
    EventType("qiaolian.liaison.registration.checked_in.v1", ParticipantCheckedIn,
              "An approved participant checked in."),
    EventType("qiaolian.liaison.exchange_activity.held.v1", ExchangeActivityHeld,
              "A 親情中華 cultural exchange activity was held."),
    EventType("qiaolian.liaison.base.accredited.v1", ExchangeBaseAccredited,
              "A cultural exchange base was accredited, with a review date."),
    EventType("qiaolian.liaison.base.review_due.v1", ExchangeBaseReviewDue,
              "A cultural exchange base's review is due soon."),
    EventType("qiaolian.liaison.base.reviewed.v1", ExchangeBaseReviewed,
              "A cultural exchange base was reviewed: renewed to a new date, or revoked."),
    EventType("qiaolian.liaison.media.coverage_recorded.v1", CoverageRecorded,
              "Coverage by an overseas Chinese-language media outlet was recorded."),
    EventType("qiaolian.liaison.work_plan.approved.v1", WorkPlanApproved,
              "The yearly foreign-affairs work plan was approved."),
    EventType("qiaolian.liaison.work_plan.item_completed.v1", WorkPlanItemCompleted,
              "An item of the foreign-affairs work plan was completed."),
)

# the durable consumers liaison runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup("liaison", "logistics", ("qiaolian.office.reception.arranged.v1",
                                           "qiaolian.office.vehicle.booked.v1",
                                           "qiaolian.office.vehicle.booking_declined.v1",
                                           "qiaolian.office.vehicle.booking_released.v1"),
                  "Records office's logistics outcome on each delegation visit."),
    ConsumerGroup("liaison", "staff", ("qiaolian.personnel.cadre.appointed.v1",
                                       "qiaolian.personnel.cadre.transferred.v1",
                                       "qiaolian.personnel.cadre.removed.v1",
                                       "qiaolian.personnel.cadre.retired.v1"),
                  "Keeps liaison's projection of its own staff."),
)
