"""Facts published by rights (經濟工作處 / 權益保障處)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
from .common import Code, CountryCode, Id


class Channel(StrEnum):
    letter = "letter"
    visit = "visit"
    phone = "phone"  # the channel the petition came by, not a phone number
    online = "online"


class PetitionerStatus(StrEnum):
    returnee = "returnee"
    relative = "relative"
    overseas_chinese = "overseas_chinese"
    foreign_national_of_chinese_origin = "foreign_national_of_chinese_origin"


class PetitionClass(StrEnum):
    proposal = "proposal"  # 建議意見
    report_accusation = "report_accusation"  # 檢舉控告
    claim = "claim"  # 申訴求決


class PetitionFiled(Payload):
    """A petition (信訪) was registered. Petitioner identity and the text of the matter stay in rights."""

    petition_id: Id
    channel: Channel
    petitioner_status: PetitionerStatus
    petition_class: PetitionClass
    category: Code
    received_on: date
    first_decision_due: date = Field(description="statutory 15-day first-decision deadline, rolled past holidays")
    region: Code | None = Field(None, description="region code of the matter (e.g. changsha), for statistics")
    representatives: int = Field(0, ge=0, le=5, description="number of group-visit representatives (at most 5)")


class PetitionReceivedByTransfer(Payload):
    """Another organ transferred a matter to the federation; it must acknowledge or object."""

    petition_id: Id
    petition_class: PetitionClass
    category: Code
    received_on: date
    acknowledge_due: date = Field(description="15 calendar days to acknowledge, rolled past holidays")
    objection_due: date = Field(description="5 working days to object, on the holiday calendar")


class PetitionLinkedAsRepeat(Payload):
    """A new petition by the same petitioner on a similar open matter was linked to it, not opened."""

    petition_id: Id
    repeat_of: Id
    received_on: date


class PetitionAccepted(Payload):
    petition_id: Id
    accepted_on: date
    handling_due: date = Field(description="60-day handling deadline from acceptance")


class FirstDecision(StrEnum):
    not_accepted = "not_accepted"
    routed = "routed"  # told which competent organ to go to
    transferred = "transferred"  # 轉送
    assigned = "assigned"  # 交辦 to a lower federation


class PetitionDecided(Payload):
    """The first decision on a petition other than acceptance (not accepted, routed, transferred, assigned)."""

    petition_id: Id
    decision: FirstDecision
    decided_on: date
    feedback_due: date | None = Field(None, description="when the lower federation must report back (transfer/assign)")


class NoticeWaiver(StrEnum):
    name_unknown = "name_unknown"
    address_unknown = "address_unknown"


class PetitionNoticeSent(Payload):
    """The written notice of the first decision was sent, or waived (name or address unknown)."""

    petition_id: Id
    sent_on: date | None = None
    waived: NoticeWaiver | None = None


class PetitionFeedbackReceived(Payload):
    petition_id: Id
    received_on: date


class PetitionObjectionRaised(Payload):
    """The federation objected to a matter transferred to it (within 5 working days)."""

    petition_id: Id
    objected_on: date


class PetitionExtensionGranted(Payload):
    """The handling period was extended once (at most 30 days) with a head's approval."""

    petition_id: Id
    days: int = Field(ge=1, le=30)
    handling_due: date


class Opinion(StrEnum):
    support = "support"
    explain = "explain"
    not_support = "not_support"


class PetitionOpinion(Payload):
    """An opinion (處理意見書) was issued: on handling, on review or on re-review."""

    petition_id: Id
    opinion: Opinion
    on: date


class PetitionOpinionDelivered(Payload):
    petition_id: Id
    delivered_on: date
    review_request_until: date = Field(description="last day the petitioner may request a review")


class PetitionReviewRequested(Payload):
    """A review (複查) or re-review (複核) was requested; `due_on` is when it must be decided."""

    petition_id: Id
    requested_on: date
    due_on: date


class PetitionHearingHeld(Payload):
    """A hearing during re-review; its days do not count, so the re-review deadline moved."""

    petition_id: Id
    started_on: date
    ended_on: date
    rereview_due: date


class PetitionFinalized(Payload):
    """After re-review the matter is final: a new petition on it by the same petitioner is refused."""

    petition_id: Id
    finalized_on: date


class PetitionClosed(Payload):
    petition_id: Id
    closed_on: date


class Satisfaction(StrEnum):
    satisfied = "satisfied"
    basically_satisfied = "basically_satisfied"
    dissatisfied = "dissatisfied"


class PetitionSatisfactionRecorded(Payload):
    petition_id: Id
    satisfaction: Satisfaction
    recorded_on: date


class PetitionDeadlineKind(StrEnum):
    first_decision = "first_decision"  # decide and send written notice within 15 days of receipt
    handling = "handling"  # handle within 60 days of acceptance (plus an approved extension)
    transfer_acknowledgement = "transfer_acknowledgement"  # acknowledge a transferred-in matter in 15 days
    transfer_objection = "transfer_objection"  # object to a transferred-in matter within 5 working days
    feedback = "feedback"  # a lower federation reports back on a transferred/assigned matter
    review = "review"  # decide a review (複查) within 30 days of the request
    rereview = "rereview"  # decide a re-review (複核) within 30 days, hearing time not counted


class PetitionDeadline(Payload):
    """A statutory deadline of a petition is near, or has passed without being met."""

    petition_id: Id
    deadline: PetitionDeadlineKind
    due_on: date


class DeadlineChange(StrEnum):
    set = "set"  # opened, or moved to a new date (extension, resumed clock)
    met = "met"
    cancelled = "cancelled"


class PetitionDeadlineChanged(Payload):
    """A statutory deadline of a petition was set, moved, met or cancelled (for supervision boards)."""

    petition_id: Id
    deadline: PetitionDeadlineKind
    change: DeadlineChange
    due_on: date
    on: date | None = Field(None, description="the day it was met (met only)")


class PetitionHandlerAssigned(Payload):
    petition_id: Id
    cadre_id: Id = Field(description="the rights cadre who handles the petition (an official, not the petitioner)")


class ConsultationKind(StrEnum):
    legal = "legal"  # 法律諮詢
    policy = "policy"  # 政策諮詢


class ConsultationAnswered(Payload):
    """A legal or policy consultation was answered and closed. The question and answer stay in rights."""

    consultation_id: Id
    kind: ConsultationKind
    topic: Code
    channel: Channel
    received_on: date
    answered_on: date


class DisputeForum(StrEnum):
    mediator = "mediator"  # a people's mediator or the federation's own mediator
    mediation_body = "mediation_body"  # a people's mediation committee or industry mediation body
    court = "court"  # litigation-mediation linkage (訴調對接)
    arbitration = "arbitration"


class DisputeReferred(Payload):
    """A dispute was referred for mediation or other resolution. Parties and facts stay in rights."""

    dispute_id: Id
    petition_id: Id | None = Field(None, description="the petition it arose from, if any")
    category: Code
    forum: DisputeForum
    referred_on: date


class DisputeOutcome(Payload):
    """A referred dispute was settled by agreement, or mediation failed."""

    dispute_id: Id
    petition_id: Id | None = None
    forum: DisputeForum
    on: date


class CounselRole(StrEnum):
    legal_adviser = "legal_adviser"  # 法律顧問
    public_service_lawyer = "public_service_lawyer"  # 公益律師
    mediator = "mediator"  # 調解員


class CounselAppointed(Payload):
    """A legal adviser, public-service lawyer or mediator joined the roster for a term. The name stays in rights."""

    counsel_id: Id
    role: CounselRole
    term_from: date
    term_to: date


class CounselTermEnded(Payload):
    """A counsel's term ended: at its end date (published by the scheduler) or early."""

    counsel_id: Id
    ended_on: date
    early: bool = False


class AssistanceStep(Payload):
    """A step of a hardship-assistance application (救助). Applicant, hardship and amounts stay in rights."""

    application_id: Id
    applicant_status: PetitionerStatus
    year: int = Field(ge=2000, le=2100, description="the budget year")
    on: date


class OutreachHeld(Payload):
    """A legal publicity session (普法宣傳) was held."""

    session_id: Id
    region: Code
    held_on: date
    audience: int = Field(ge=0, description="number of people reached")


class EnforcementIssueRecorded(Payload):
    """An issue in implementing the law on returned overseas Chinese (執法檢查) was recorded."""

    issue_id: Id
    region: Code
    law_area: Code = Field(description="e.g. property, education, social_security, employment")
    found_on: date


class EnforcementIssueRectified(Payload):
    issue_id: Id
    rectified_on: date


# ---- economic work (經濟工作) --------------------------------------------------------------------

class ProjectKind(StrEnum):
    talent = "talent"  # 引才引智: bringing in talent and expertise
    investment = "investment"  # 引資: bringing in capital
    technology = "technology"  # 引技: bringing in technology


class ProjectStage(StrEnum):
    lead = "lead"  # a lead from an overseas contact
    contacted = "contacted"
    negotiating = "negotiating"
    signed = "signed"
    landed = "landed"  # the project is in operation locally (落地)
    dropped = "dropped"


Amount = Annotated[int, Field(ge=0, le=100_000_000, description=(
    "in 10,000 yuan (萬元): a business figure of the organisation behind the project (an enterprise "
    "or institution), not personal data"))]


class ProjectLeadCreated(Payload):
    """A talent, investment or technology project lead was opened. Contacts and notes stay in rights."""

    project_id: Id
    kind: ProjectKind
    sector: Code = Field(description="industry code, e.g. biomedicine, equipment, agriculture")
    region: Code = Field(description="region code where the project would land (e.g. changsha)")
    country: CountryCode | None = Field(None, description="country the lead comes from")
    lead_on: date
    intended_amount_10k_yuan: Amount | None = None


class ProjectStageChanged(Payload):
    """A project moved along the pipeline (also when dropped, with a reason code)."""

    project_id: Id
    kind: ProjectKind
    from_stage: ProjectStage
    to_stage: ProjectStage
    on: date
    reason: Code | None = Field(None, description="why it was dropped, e.g. funding, policy, partner_withdrew")


class ProjectSigned(Payload):
    """A project's agreement was signed (its outcome)."""

    project_id: Id
    kind: ProjectKind
    sector: Code
    region: Code
    signed_on: date
    contract_amount_10k_yuan: Amount | None = None


class NomineeKind(StrEnum):
    individual = "individual"
    team = "team"
    organisation = "organisation"


class AwardNominationSubmitted(Payload):
    """A nomination for the 中國僑界貢獻獎 was submitted with its dossier. Nominee and dossier stay in rights."""

    nomination_id: Id
    call_id: Id
    edition: int = Field(ge=2000, le=2100, description="the year of the call")
    category: Code = Field(description="award category, e.g. innovation_talent, innovation_achievement")
    nominee_kind: NomineeKind
    region: Code
    submitted_on: date


class AwardNominationRecommended(Payload):
    """A reviewed nomination was recommended upward (to the China Federation of Returned Overseas Chinese)."""

    nomination_id: Id
    call_id: Id
    recommended_on: date


class AwardResult(StrEnum):
    not_recommended = "not_recommended"  # did not pass the federation's review
    awarded = "awarded"
    not_awarded = "not_awarded"


class AwardNominationResultRecorded(Payload):
    """The result of a nomination: not recommended after review, or awarded / not awarded upstream."""

    nomination_id: Id
    call_id: Id
    result: AwardResult
    on: date


class StartupActivityHeld(Payload):
    """A "創業中華" activity (matchmaking, roadshow, competition, forum) was held."""

    activity_id: Id
    kind: Code = Field(description="e.g. matchmaking, roadshow, competition, forum")
    region: Code
    held_on: date
    participants: int = Field(ge=0, description="number of participants")
    projects_matched: int = Field(ge=0, description="number of projects matched at the activity")


class StartupBaseAccredited(Payload):
    """An innovation and startup base (新僑創新創業基地) was accredited, for a period."""

    base_id: Id
    region: Code
    focus: Code = Field(description="the base's industry focus code")
    accredited_on: date
    valid_to: date


def _p(fact: str) -> str:
    return f"qiaolian.rights.petition.{fact}.v1"


PRODUCES = (
    EventType(_p("filed"), PetitionFiled, "A petition was registered, with its first-decision deadline."),
    EventType(_p("received_by_transfer"), PetitionReceivedByTransfer,
              "A matter transferred in by another organ was registered, with its acknowledge and objection deadlines."),
    EventType(_p("linked_as_repeat"), PetitionLinkedAsRepeat,
              "A repeat petition on an open matter of the same petitioner was linked to it instead of opened."),
    EventType(_p("accepted"), PetitionAccepted,
              "A petition was accepted (or a transferred-in matter acknowledged); the 60-day handling clock started."),
    EventType(_p("not_accepted"), PetitionDecided,
              "First decision: the petition is not accepted (reason kept in rights)."),
    EventType(_p("routed"), PetitionDecided, "First decision: the petitioner was told which competent organ to go to."),
    EventType(_p("transferred"), PetitionDecided, "First decision: transferred (轉送) to a lower federation."),
    EventType(_p("assigned"), PetitionDecided,
              "First decision: assigned (交辦) to a lower federation with a feedback deadline."),
    EventType(_p("notice_sent"), PetitionNoticeSent, "The written notice of the first decision was sent or waived."),
    EventType(_p("feedback_received"), PetitionFeedbackReceived,
              "The lower federation reported back on a transferred or assigned petition; it is closed."),
    EventType(_p("objection_raised"), PetitionObjectionRaised, "The federation objected to a transferred-in matter."),
    EventType(_p("extension_granted"), PetitionExtensionGranted, "The handling period was extended with approval."),
    EventType(_p("opinion_issued"), PetitionOpinion, "The handling opinion was issued."),
    EventType(_p("opinion_delivered"), PetitionOpinionDelivered,
              "The handling opinion was delivered to the petitioner."),
    EventType(_p("review_requested"), PetitionReviewRequested, "The petitioner requested a review (複查)."),
    EventType(_p("review_decided"), PetitionOpinion, "The review was decided."),
    EventType(_p("rereview_requested"), PetitionReviewRequested, "The petitioner requested a re-review (複核)."),
    EventType(_p("hearing_held"), PetitionHearingHeld, "A re-review hearing was held; the re-review clock moved."),
    EventType(_p("rereview_decided"), PetitionOpinion, "The re-review was decided."),
    EventType(_p("finalized"), PetitionFinalized, "The matter is final after re-review."),
    EventType(_p("closed"), PetitionClosed, "The petition was closed without (further) review."),
    EventType(_p("satisfaction_recorded"), PetitionSatisfactionRecorded, "The satisfaction follow-up was recorded."),
    EventType(_p("handler_assigned"), PetitionHandlerAssigned, "A rights cadre was assigned to handle a petition."),
    EventType(_p("deadline_changed"), PetitionDeadlineChanged,
              "A statutory deadline of a petition was set, moved, met or cancelled (the first-decision "
              "deadline opened at filing is announced by petition.filed)."),
    EventType(_p("deadline_approaching"), PetitionDeadline,
              "A statutory deadline of a petition falls within the warning period (default 3 days)."),
    EventType(_p("overdue"), PetitionDeadline, "A statutory deadline of a petition passed without being met."),
    EventType("qiaolian.rights.consultation.answered.v1", ConsultationAnswered,
              "A legal or policy consultation was answered (quick close)."),
    EventType("qiaolian.rights.counsel.appointed.v1", CounselAppointed,
              "A legal adviser, public-service lawyer or mediator was appointed to the roster for a term."),
    EventType("qiaolian.rights.counsel.term_ended.v1", CounselTermEnded,
              "A counsel's term ended (at its end date, or early)."),
    EventType("qiaolian.rights.assistance.applied.v1", AssistanceStep,
              "A needy returnee or relative applied for hardship assistance."),
    EventType("qiaolian.rights.assistance.approved.v1", AssistanceStep,
              "A checked assistance application was approved within the year's budget."),
    EventType("qiaolian.rights.assistance.disbursed.v1", AssistanceStep, "Approved assistance was paid."),
    EventType("qiaolian.rights.outreach.held.v1", OutreachHeld, "A legal publicity session was held."),
    EventType("qiaolian.rights.enforcement.issue_recorded.v1", EnforcementIssueRecorded,
              "An issue in implementing overseas-Chinese law was recorded for supervision."),
    EventType("qiaolian.rights.enforcement.issue_rectified.v1", EnforcementIssueRectified,
              "A recorded implementation issue was rectified."),
    EventType("qiaolian.rights.dispute.referred.v1", DisputeReferred,
              "A dispute was referred to a mediator, a mediation body, a court or arbitration."),
    EventType("qiaolian.rights.dispute.settled.v1", DisputeOutcome, "A referred dispute was settled by agreement."),
    EventType("qiaolian.rights.dispute.mediation_failed.v1", DisputeOutcome,
              "Mediation of a referred dispute failed; it may be referred again."),
    EventType("qiaolian.rights.project.lead_created.v1", ProjectLeadCreated,
              "A talent, investment or technology project lead was opened (引才引智, 引資引技)."),
    EventType("qiaolian.rights.project.stage_changed.v1", ProjectStageChanged,
              "A project moved along the pipeline, or was dropped."),
    EventType("qiaolian.rights.project.signed.v1", ProjectSigned, "A project's agreement was signed."),
    EventType("qiaolian.rights.award_nomination.submitted.v1", AwardNominationSubmitted,
              "A 中國僑界貢獻獎 nomination was submitted with its dossier."),
    EventType("qiaolian.rights.award_nomination.recommended.v1", AwardNominationRecommended,
              "A reviewed 貢獻獎 nomination was recommended upward."),
    EventType("qiaolian.rights.award_nomination.result_recorded.v1", AwardNominationResultRecorded,
              "The result of a 貢獻獎 nomination was recorded (not recommended, awarded, not awarded)."),
    EventType("qiaolian.rights.activity.held.v1", StartupActivityHeld, "A 創業中華 activity was held."),
    EventType("qiaolian.rights.base.accredited.v1", StartupBaseAccredited,
              "An innovation and startup base (新僑創新創業基地) was accredited."),
)

# the durable consumers rights runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup("rights", "staff", ("qiaolian.personnel.cadre.appointed.v1",
                                      "qiaolian.personnel.cadre.transferred.v1",
                                      "qiaolian.personnel.cadre.removed.v1",
                                      "qiaolian.personnel.cadre.retired.v1"),
                  "Keeps rights' projection of its own staff (who may handle petitions)."),
)
