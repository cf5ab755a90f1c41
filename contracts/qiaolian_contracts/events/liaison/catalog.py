"""What liaison publishes (PRODUCES) and the consumer groups its service runs (CONSUMES)."""

from __future__ import annotations

from ...spec import ConsumerGroup, EventType
from .contacts import (
    AssociationRegistered,
    AssociationUpdated,
    CommitteeFormed,
    CommitteeTermExpiring,
    CommitteeTermRenewed,
    ContactMerged,
    InteractionLogged,
    MemberAppointed,
    MemberAppointmentEnded,
    MemberTermExpiring,
    PersonRegistered,
    PersonUpdated,
)
from .exchange import (
    ArticleApproved,
    ArticlePublished,
    ArticleRejected,
    ArticleSubmitted,
    ArticleWithdrawn,
    CoverageRecorded,
    DelegationVisitCancelled,
    DelegationVisitConcluded,
    DelegationVisitLogisticsRequested,
    DelegationVisitScheduled,
    ExchangeActivityHeld,
    ExchangeBaseAccredited,
    ExchangeBaseReviewDue,
    ExchangeBaseReviewed,
    ParticipantCheckedIn,
    ProgrammeOpened,
    RegistrationDecided,
    WorkPlanApproved,
    WorkPlanItemCompleted,
    WorkPlanItemDeadline,
    WorkPlanItemDropped,
)

PRODUCES = (
    EventType(
        "qiaolian.liaison.association.registered.v1",
        AssociationRegistered,
        "An overseas Chinese association (社團) was registered.",
    ),
    EventType(
        "qiaolian.liaison.person.registered.v1",
        PersonRegistered,
        "A key overseas person was registered (no phones, addresses or documents).",
    ),
    EventType(
        "qiaolian.liaison.association.updated.v1",
        AssociationUpdated,
        "An association's city, field, hometown or status changed.",
    ),
    EventType(
        "qiaolian.liaison.person.updated.v1", PersonUpdated, "A key person's field, hometown or association changed."
    ),
    EventType(
        "qiaolian.liaison.member.appointed.v1",
        MemberAppointed,
        "A key person was appointed to a federation role for a term.",
    ),
    EventType(
        "qiaolian.liaison.member.term_expiring.v1",
        MemberTermExpiring,
        "A key person's term ends within the warning period (LIAISON_TERM_WARN_DAYS, default 60).",
    ),
    EventType(
        "qiaolian.liaison.member.appointment_ended.v1",
        MemberAppointmentEnded,
        "A key person's appointment ended, at its term or early.",
    ),
    EventType(
        "qiaolian.liaison.contact.merged.v1",
        ContactMerged,
        "Two duplicate records were merged; references to merged_id now mean survivor_id.",
    ),
    EventType(
        "qiaolian.liaison.contact.interaction_logged.v1",
        InteractionLogged,
        "An interaction with a person or association was logged.",
    ),
    EventType(
        "qiaolian.liaison.delegation_visit.scheduled.v1",
        DelegationVisitScheduled,
        "An overseas delegation visit to Hunan was scheduled; logistics are requested from office.",
    ),
    EventType(
        "qiaolian.liaison.delegation_visit.logistics_requested.v1",
        DelegationVisitLogisticsRequested,
        "Logistics of a scheduled visit are requested again after a declined booking.",
    ),
    EventType(
        "qiaolian.liaison.delegation_visit.cancelled.v1",
        DelegationVisitCancelled,
        "A delegation visit was cancelled; office releases its reception and vehicles.",
    ),
    EventType("qiaolian.liaison.delegation_visit.concluded.v1", DelegationVisitConcluded, "A delegation visit ended."),
    EventType(
        "qiaolian.liaison.article.submitted.v1",
        ArticleSubmitted,
        "A news release or manuscript was submitted for review.",
    ),
    EventType(
        "qiaolian.liaison.article.approved.v1",
        ArticleApproved,
        "A reviewer (not the author) approved an article for release.",
    ),
    EventType("qiaolian.liaison.article.rejected.v1", ArticleRejected, "A reviewer returned an article with comments."),
    EventType(
        "qiaolian.liaison.article.published.v1",
        ArticlePublished,
        "An approved article was published on the website (網上僑聯).",
    ),
    EventType(
        "qiaolian.liaison.article.withdrawn.v1", ArticleWithdrawn, "A published article was withdrawn from the website."
    ),
    EventType(
        "qiaolian.liaison.programme.opened.v1",
        ProgrammeOpened,
        "A study tour, training course or festival invitation opened for registration.",
    ),
    EventType(
        "qiaolian.liaison.registration.decided.v1",
        RegistrationDecided,
        "A programme registration was approved, waitlisted, rejected or withdrawn.",
    ),
    EventType(
        "qiaolian.liaison.registration.checked_in.v1", ParticipantCheckedIn, "An approved participant checked in."
    ),
    EventType(
        "qiaolian.liaison.exchange_activity.held.v1",
        ExchangeActivityHeld,
        "A 親情中華 cultural exchange activity was held.",
    ),
    EventType(
        "qiaolian.liaison.base.accredited.v1",
        ExchangeBaseAccredited,
        "A cultural exchange base was accredited, with a review date.",
    ),
    EventType(
        "qiaolian.liaison.base.review_due.v1", ExchangeBaseReviewDue, "A cultural exchange base's review is due soon."
    ),
    EventType(
        "qiaolian.liaison.base.reviewed.v1",
        ExchangeBaseReviewed,
        "A cultural exchange base was reviewed: renewed to a new date, or revoked.",
    ),
    EventType(
        "qiaolian.liaison.media.coverage_recorded.v1",
        CoverageRecorded,
        "Coverage by an overseas Chinese-language media outlet was recorded.",
    ),
    EventType(
        "qiaolian.liaison.work_plan.approved.v1", WorkPlanApproved, "The yearly foreign-affairs work plan was approved."
    ),
    EventType(
        "qiaolian.liaison.work_plan.item_completed.v1",
        WorkPlanItemCompleted,
        "An item of the foreign-affairs work plan was completed.",
    ),
    EventType(
        "qiaolian.liaison.work_plan.item_due.v1",
        WorkPlanItemDeadline,
        "An item of the approved work plan is due within the warning period (LIAISON_WORK_PLAN_WARN_DAYS, default 14).",
    ),
    EventType(
        "qiaolian.liaison.work_plan.item_overdue.v1",
        WorkPlanItemDeadline,
        "An item of the approved work plan passed its due date neither done nor dropped.",
    ),
    EventType(
        "qiaolian.liaison.work_plan.item_dropped.v1",
        WorkPlanItemDropped,
        "An item of the approved work plan was dropped with a reason.",
    ),
    EventType(
        "qiaolian.liaison.committee.formed.v1",
        CommitteeFormed,
        "A youth committee or the overseas advisers were constituted for a term.",
    ),
    EventType(
        "qiaolian.liaison.committee.term_expiring.v1",
        CommitteeTermExpiring,
        "A committee's term ends within the warning period: renew it or let it end.",
    ),
    EventType(
        "qiaolian.liaison.committee.term_renewed.v1",
        CommitteeTermRenewed,
        "A committee was renewed for a new term.",
    ),
)

# the durable consumers liaison runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup(
        "liaison",
        "logistics",
        (
            "qiaolian.office.reception.arranged.v1",
            "qiaolian.office.reception.declined.v1",
            "qiaolian.office.vehicle.booked.v1",
            "qiaolian.office.vehicle.booking_declined.v1",
            "qiaolian.office.vehicle.booking_released.v1",
        ),
        "Records office's logistics outcome on each delegation visit.",
    ),
    ConsumerGroup(
        "liaison",
        "staff",
        (
            "qiaolian.personnel.cadre.appointed.v1",
            "qiaolian.personnel.cadre.transferred.v1",
            "qiaolian.personnel.cadre.removed.v1",
            "qiaolian.personnel.cadre.retired.v1",
        ),
        "Keeps liaison's projection of its own staff.",
    ),
)
