"""Facts of petitions (信訪) under the 信訪工作條例 (2022)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from ...envelope import Payload
from ..common import Code, Id


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
    by_hand: bool = Field(False, description="linked by staff (with a reason kept in rights), not on intake")


class PetitionRepeatUnlinked(Payload):
    """Staff found a linked petition is not a repeat: it is handled on its own from its first decision."""

    petition_id: Id
    was_repeat_of: Id
    first_decision_due: date


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


class PetitionReviewOpinionDelivered(Payload):
    """The review opinion (or the re-review opinion) was delivered (送達) to the petitioner."""

    petition_id: Id
    delivered_on: date
    rereview_request_until: date | None = Field(
        None, description="last day the petitioner may request a re-review (none after the re-review opinion)"
    )


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


class PetitionClosedReason(StrEnum):
    review_waived = "review_waived"  # the petitioner's written waiver of a (re-)review was received
    review_window_lapsed = "review_window_lapsed"  # the window for a (re-)review ended without a request


class PetitionClosed(Payload):
    petition_id: Id
    closed_on: date
    reason: PetitionClosedReason | None = None


class Satisfaction(StrEnum):
    satisfied = "satisfied"
    basically_satisfied = "basically_satisfied"
    dissatisfied = "dissatisfied"


class PetitionSatisfactionRecorded(Payload):
    petition_id: Id
    satisfaction: Satisfaction
    recorded_on: date


class PetitionDeadlineKind(StrEnum):
    first_decision = "first_decision"  # decide within 15 days of receipt
    notice = "notice"  # send the written notice within 15 days of receipt (unless name or address unknown)
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
    provisional: bool = Field(
        False,
        description="set only: counted into a year the holiday calendar has no data for; published again, "
        "final, once the year is added",
    )


class PetitionHandlerAssigned(Payload):
    petition_id: Id
    cadre_id: Id = Field(description="the rights cadre who handles the petition (an official, not the petitioner)")
