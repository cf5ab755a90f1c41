"""Facts of consultations, mediation, counsel, hardship assistance and legal publicity."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from ...envelope import Payload
from ..common import Code, Id
from .petitions import Channel, PetitionerStatus


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
    special_expert = "special_expert"  # 特聘專家 (a member of the 特聘專家委員會)
    juror_nominee = "juror_nominee"  # 人民陪審員 nominated by the federation
    supervisor_nominee = "supervisor_nominee"  # 人民監督員 nominated by the federation


class Committee(StrEnum):
    """The committees whose daily work rights carries; their members are on the counsel roster."""

    legal_advisers = "legal_advisers"  # 法律顧問委員會 (its members are legal advisers)
    special_experts = "special_experts"  # 特聘專家委員會 (its members are special experts)


COMMITTEE_ROLE = {
    Committee.legal_advisers: CounselRole.legal_adviser,
    Committee.special_experts: CounselRole.special_expert,
}


class CounselAppointed(Payload):
    """A legal adviser, public-service lawyer, mediator, special expert or nominee (人民陪審員, 人民監督員)
    joined the roster for a term, or had its term renewed. The name stays in rights."""

    counsel_id: Id
    role: CounselRole
    term_from: date
    term_to: date
    committee: Committee | None = Field(None, description="the committee the member sits on, if any")


class CounselTermExpiring(Payload):
    """A counsel's or committee member's term ends soon (RIGHTS_COUNSEL_TERM_WARN_DAYS, default 60): renew it
    or let it end."""

    counsel_id: Id
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
