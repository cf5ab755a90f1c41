"""What rights publishes (PRODUCES) and the consumer groups its service runs (CONSUMES)."""

from __future__ import annotations

from ...spec import ConsumerGroup, EventType
from .affiliates import AffiliateReportDeadline, AffiliateReportReceived, AffiliateReportRequested
from .casework import (
    AssistanceStep,
    ConsultationAnswered,
    CounselAppointed,
    CounselTermEnded,
    CounselTermExpiring,
    DisputeOutcome,
    DisputeReferred,
    EnforcementIssueRecorded,
    EnforcementIssueRectified,
    OutreachHeld,
)
from .economic import (
    AwardNominationRecommended,
    AwardNominationResultRecorded,
    AwardNominationSubmitted,
    EconomicContactRegistered,
    EconomicContactUpdated,
    ProjectLeadCreated,
    ProjectSigned,
    ProjectStageChanged,
    StartupActivityHeld,
    StartupBaseAccredited,
    StartupBaseRevoked,
    StartupBaseValidity,
)
from .petitions import (
    PetitionAccepted,
    PetitionClosed,
    PetitionDeadline,
    PetitionDeadlineChanged,
    PetitionDecided,
    PetitionExtensionGranted,
    PetitionFeedbackReceived,
    PetitionFiled,
    PetitionFinalized,
    PetitionHandlerAssigned,
    PetitionHearingHeld,
    PetitionLinkedAsRepeat,
    PetitionNoticeSent,
    PetitionObjectionRaised,
    PetitionOpinion,
    PetitionOpinionDelivered,
    PetitionReceivedByTransfer,
    PetitionRepeatUnlinked,
    PetitionReviewOpinionDelivered,
    PetitionReviewRequested,
    PetitionSatisfactionRecorded,
)


def _p(fact: str) -> str:
    return f"qiaolian.rights.petition.{fact}.v1"


PRODUCES = (
    EventType(_p("filed"), PetitionFiled, "A petition was registered, with its first-decision deadline."),
    EventType(
        _p("received_by_transfer"),
        PetitionReceivedByTransfer,
        "A matter transferred in by another organ was registered, with its acknowledge and objection deadlines.",
    ),
    EventType(
        _p("linked_as_repeat"),
        PetitionLinkedAsRepeat,
        "A repeat petition on an open matter of the same petitioner was linked to it instead of opened.",
    ),
    EventType(
        _p("repeat_unlinked"),
        PetitionRepeatUnlinked,
        "A petition linked as a repeat was unlinked by staff and is handled on its own.",
    ),
    EventType(
        _p("accepted"),
        PetitionAccepted,
        "A petition was accepted (or a transferred-in matter acknowledged); the 60-day handling clock started.",
    ),
    EventType(
        _p("not_accepted"), PetitionDecided, "First decision: the petition is not accepted (reason kept in rights)."
    ),
    EventType(_p("routed"), PetitionDecided, "First decision: the petitioner was told which competent organ to go to."),
    EventType(_p("transferred"), PetitionDecided, "First decision: transferred (轉送) to a lower federation."),
    EventType(
        _p("assigned"),
        PetitionDecided,
        "First decision: assigned (交辦) to a lower federation with a feedback deadline.",
    ),
    EventType(_p("notice_sent"), PetitionNoticeSent, "The written notice of the first decision was sent or waived."),
    EventType(
        _p("feedback_received"),
        PetitionFeedbackReceived,
        "The lower federation reported back on a transferred or assigned petition; it is closed.",
    ),
    EventType(_p("objection_raised"), PetitionObjectionRaised, "The federation objected to a transferred-in matter."),
    EventType(_p("extension_granted"), PetitionExtensionGranted, "The handling period was extended with approval."),
    EventType(_p("opinion_issued"), PetitionOpinion, "The handling opinion was issued."),
    EventType(
        _p("opinion_delivered"), PetitionOpinionDelivered, "The handling opinion was delivered to the petitioner."
    ),
    EventType(_p("review_requested"), PetitionReviewRequested, "The petitioner requested a review (複查)."),
    EventType(_p("review_decided"), PetitionOpinion, "The review was decided."),
    EventType(
        _p("review_opinion_delivered"),
        PetitionReviewOpinionDelivered,
        "The review opinion was delivered; the re-review window runs from here.",
    ),
    EventType(_p("rereview_requested"), PetitionReviewRequested, "The petitioner requested a re-review (複核)."),
    EventType(_p("hearing_held"), PetitionHearingHeld, "A re-review hearing was held; the re-review clock moved."),
    EventType(_p("rereview_decided"), PetitionOpinion, "The re-review was decided."),
    EventType(_p("finalized"), PetitionFinalized, "The matter is final after re-review."),
    EventType(
        _p("rereview_opinion_delivered"),
        PetitionReviewOpinionDelivered,
        "The re-review opinion was delivered to the petitioner.",
    ),
    EventType(_p("closed"), PetitionClosed, "The petition was closed without (further) review."),
    EventType(_p("satisfaction_recorded"), PetitionSatisfactionRecorded, "The satisfaction follow-up was recorded."),
    EventType(_p("handler_assigned"), PetitionHandlerAssigned, "A rights cadre was assigned to handle a petition."),
    EventType(
        _p("deadline_changed"),
        PetitionDeadlineChanged,
        "A statutory deadline of a petition was set, moved, met or cancelled (the first-decision "
        "deadline opened at filing is announced by petition.filed).",
    ),
    EventType(
        _p("deadline_approaching"),
        PetitionDeadline,
        "A statutory deadline of a petition falls within the warning period (default 3 days).",
    ),
    EventType(_p("overdue"), PetitionDeadline, "A statutory deadline of a petition passed without being met."),
    EventType(
        "qiaolian.rights.consultation.answered.v1",
        ConsultationAnswered,
        "A legal or policy consultation was answered (quick close).",
    ),
    EventType(
        "qiaolian.rights.counsel.appointed.v1",
        CounselAppointed,
        "A legal adviser, public-service lawyer or mediator was appointed to the roster for a term.",
    ),
    EventType(
        "qiaolian.rights.counsel.term_ended.v1", CounselTermEnded, "A counsel's term ended (at its end date, or early)."
    ),
    EventType(
        "qiaolian.rights.counsel.term_expiring.v1",
        CounselTermExpiring,
        "A counsel's or committee member's term ends soon (default within 60 days): renew it or let it end.",
    ),
    EventType(
        "qiaolian.rights.assistance.applied.v1",
        AssistanceStep,
        "A needy returnee or relative applied for hardship assistance.",
    ),
    EventType(
        "qiaolian.rights.assistance.approved.v1",
        AssistanceStep,
        "A checked assistance application was approved within the year's budget.",
    ),
    EventType("qiaolian.rights.assistance.disbursed.v1", AssistanceStep, "Approved assistance was paid."),
    EventType("qiaolian.rights.outreach.held.v1", OutreachHeld, "A legal publicity session was held."),
    EventType(
        "qiaolian.rights.enforcement.issue_recorded.v1",
        EnforcementIssueRecorded,
        "An issue in implementing overseas-Chinese law was recorded for supervision.",
    ),
    EventType(
        "qiaolian.rights.enforcement.issue_rectified.v1",
        EnforcementIssueRectified,
        "A recorded implementation issue was rectified.",
    ),
    EventType(
        "qiaolian.rights.dispute.referred.v1",
        DisputeReferred,
        "A dispute was referred to a mediator, a mediation body, a court or arbitration.",
    ),
    EventType("qiaolian.rights.dispute.settled.v1", DisputeOutcome, "A referred dispute was settled by agreement."),
    EventType(
        "qiaolian.rights.dispute.mediation_failed.v1",
        DisputeOutcome,
        "Mediation of a referred dispute failed; it may be referred again.",
    ),
    EventType(
        "qiaolian.rights.project.lead_created.v1",
        ProjectLeadCreated,
        "A talent, investment or technology project lead was opened (引才引智, 引資引技).",
    ),
    EventType(
        "qiaolian.rights.project.stage_changed.v1",
        ProjectStageChanged,
        "A project moved along the pipeline, or was dropped.",
    ),
    EventType("qiaolian.rights.project.signed.v1", ProjectSigned, "A project's agreement was signed."),
    EventType(
        "qiaolian.rights.award_nomination.submitted.v1",
        AwardNominationSubmitted,
        "A 中國僑界貢獻獎 nomination was submitted with its dossier.",
    ),
    EventType(
        "qiaolian.rights.award_nomination.recommended.v1",
        AwardNominationRecommended,
        "A reviewed 貢獻獎 nomination was recommended upward.",
    ),
    EventType(
        "qiaolian.rights.award_nomination.result_recorded.v1",
        AwardNominationResultRecorded,
        "The result of a 貢獻獎 nomination was recorded (not recommended, awarded, not awarded).",
    ),
    EventType("qiaolian.rights.activity.held.v1", StartupActivityHeld, "A 創業中華 activity was held."),
    EventType(
        "qiaolian.rights.base.accredited.v1",
        StartupBaseAccredited,
        "An innovation and startup base (新僑創新創業基地) was accredited.",
    ),
    EventType(
        "qiaolian.rights.base.accreditation_expiring.v1",
        StartupBaseValidity,
        "A startup base's accreditation runs out soon (default within 90 days).",
    ),
    EventType(
        "qiaolian.rights.base.accreditation_lapsed.v1",
        StartupBaseValidity,
        "A startup base's accreditation ran out (its valid_to passed) without being revoked.",
    ),
    EventType("qiaolian.rights.base.revoked.v1", StartupBaseRevoked, "An accredited startup base was revoked."),
    EventType(
        "qiaolian.rights.affiliate_report.requested.v1",
        AffiliateReportRequested,
        "An affiliated body (僑商會, 華僑公益基金會) owes the office an annual or major-matter report by a date.",
    ),
    EventType(
        "qiaolian.rights.affiliate_report.received.v1",
        AffiliateReportReceived,
        "An affiliated body's report was received.",
    ),
    EventType(
        "qiaolian.rights.affiliate_report.overdue.v1",
        AffiliateReportDeadline,
        "An affiliated body's report passed its due date without being received.",
    ),
    EventType(
        "qiaolian.rights.economic_contact.registered.v1",
        EconomicContactRegistered,
        "An overseas business, technology or professional contact of the economic work was registered.",
    ),
    EventType(
        "qiaolian.rights.economic_contact.updated.v1",
        EconomicContactUpdated,
        "An economic contact's field, hometown or status changed.",
    ),
)

# the durable consumers rights runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup(
        "rights",
        "staff",
        (
            "qiaolian.personnel.cadre.appointed.v1",
            "qiaolian.personnel.cadre.transferred.v1",
            "qiaolian.personnel.cadre.removed.v1",
            "qiaolian.personnel.cadre.retired.v1",
        ),
        "Keeps rights' projection of its own staff (who may handle petitions).",
    ),
)
