"""The HTTP request and response models of petitions. ID numbers are never returned: responses carry
the masked form (430***********1234)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.http import Day, Text
from qiaolian_contracts.events.common import Code, Id
from qiaolian_contracts.events.rights import (
    Channel,
    NoticeWaiver,
    Opinion,
    PetitionClass,
    PetitionDeadlineKind,
    PetitionerStatus,
    Satisfaction,
)

from .rules import TRANSITIONS, PetitionState
from .tables import Petition

Name = Annotated[Text, StringConstraints(max_length=100)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{4,28}$")]
Organ = Annotated[Text, StringConstraints(max_length=200)]
Reason = Annotated[Text, StringConstraints(max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Petitioner(Strict):
    name: Name
    status: PetitionerStatus
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=18)] | None = Field(
        None, description="18-digit resident ID; validated, kept only as a keyed hash and a masked form"
    )
    phone: Phone | None = None
    address: Annotated[Text, StringConstraints(max_length=300)] | None = None


class Agent(Strict):
    name: Name
    phone: Phone | None = None


class FilePetition(Strict):
    channel: Channel
    petitioner: Petitioner
    petition_class: PetitionClass
    category: Code = Field(description="category code, e.g. property, education, immigration")
    summary: Annotated[Text, StringConstraints(max_length=5000)]
    received_on: Day
    region: Code | None = Field(None, description="region code, e.g. changsha")
    agent: Agent | None = None
    representatives: list[Name] = Field(
        default_factory=list, max_length=100, description="names of a group visit's representatives (at most 5)"
    )
    transferred_from: Organ | None = Field(None, description="the organ that transferred the matter in, if any")


class AcceptPetition(Strict):
    accepted_on: Day | None = None


class Acknowledge(Strict):
    acknowledged_on: Day | None = None


class NotAccept(Strict):
    decided_on: Day | None = None
    reason: Reason


class Route(Strict):
    decided_on: Day | None = None
    organ: Organ = Field(description="the competent organ the petitioner is told to go to")


class TransferOrAssign(Strict):
    decided_on: Day | None = None
    organ: Organ = Field(description="the lower federation that receives the matter")
    feedback_due: Day


class Feedback(Strict):
    received_on: Day | None = None


class LinkRepeat(Strict):
    repeat_of: Id = Field(description="the open petition this one repeats")
    reason: Reason


class UnlinkRepeat(Strict):
    reason: Reason


class Notice(Strict):
    sent_on: Day | None = None
    waived: NoticeWaiver | None = Field(None, description="no notice: the petitioner's name or address is unknown")


class Objection(Strict):
    objected_on: Day | None = None
    reasons: Reason


class Extension(Strict):
    days: int = Field(ge=1, description="at most 30 (RIGHTS_MAX_EXTENSION_DAYS)")
    reason: Reason = Field(description="told to the petitioner")


class IssueOpinion(Strict):
    opinion: Opinion
    issued_on: Day | None = None


class Delivery(Strict):
    delivered_on: Day | None = None


class Request_(Strict):
    requested_on: Day | None = None


class Decision(Strict):
    opinion: Opinion
    decided_on: Day | None = None


class Hearing(Strict):
    on: Day | None = None


class Close(Strict):
    closed_on: Day | None = None
    waiver_received_on: Day | None = Field(
        None, description="the petitioner's written waiver of a (re-)review; required while the window is open"
    )


class SatisfactionIn(Strict):
    satisfaction: Satisfaction
    recorded_on: Day | None = None


class AssignHandler(Strict):
    cadre_id: Annotated[Text, StringConstraints(max_length=64)]


class Lookup(Strict):
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=18)]


class PetitionerOut(BaseModel):
    name: str
    status: PetitionerStatus
    id_number: str | None = Field(None, description="masked to the first 3 and last 2, e.g. 430*************34")
    phone: str | None = None
    address: str | None = None


class PetitionOut(BaseModel):
    id: str
    channel: Channel
    petitioner: PetitionerOut
    agent: Agent | None
    representatives: list[str]
    petition_class: PetitionClass
    category: str
    region: str | None
    summary: str | None = Field(description="left out for those who may not see personal fields")
    received_on: date
    transferred_from: str | None
    repeat_of: str | None
    repeat_reason: str | None = Field(None, description="why staff linked or unlinked it by hand")
    state: PetitionState
    first_decision_due: date
    acknowledge_due: date | None
    objection_due: date | None
    decided_on: date | None
    decided_by: str | None = Field(None, description="the signed-in rights head who decided")
    decision_reason: str | None
    decision_organ: str | None
    feedback_due: date | None
    feedback_on: date | None
    notice_due: date | None = Field(None, description="the written notice's deadline: 15 days from receipt")
    notice_sent_on: date | None
    notice_waived: str | None
    accepted_on: date | None
    handling_due: date | None
    extension_days: int | None
    extension_approved_by: str | None
    extension_reason: str | None
    handler_cadre_id: str | None
    opinion: str | None
    opinion_issued_on: date | None
    opinion_delivered_on: date | None
    review_request_until: date | None = Field(None, description="last day the petitioner may ask for a review")
    review_requested_on: date | None
    review_due: date | None
    review_opinion: str | None
    review_decided_on: date | None
    review_decided_by: str | None = Field(None, description="the signed-in rights head who decided")
    review_opinion_delivered_on: date | None = None
    rereview_request_until: date | None = Field(
        None, description="last day the petitioner may ask for a re-review (30 days from the review opinion's delivery)"
    )
    rereview_requested_on: date | None
    rereview_due: date | None
    hearing_days: int
    rereview_opinion: str | None
    rereview_decided_on: date | None
    rereview_decided_by: str | None = Field(None, description="the signed-in rights head who decided")
    rereview_opinion_delivered_on: date | None = None
    closed_on: date | None
    waiver_received_on: date | None = None
    satisfaction: str | None
    allowed_commands: list[str]
    created_at: datetime
    provisional_deadlines: list[PetitionDeadlineKind] | None = Field(
        None,
        description="the running deadlines counted into a year the holiday calendar has no data for (their dates "
        "may move once it is added); in the answer to a command and in the detail, null in lists",
    )

    @classmethod
    def of(cls, p: Petition) -> PetitionOut:
        same = {
            f: getattr(p, f)
            for f in cls.model_fields
            if f
            not in (
                "channel",
                "petitioner",
                "agent",
                "representatives",
                "petition_class",
                "state",
                "allowed_commands",
                "hearing_days",
                "provisional_deadlines",
            )
        }
        return cls(
            **same,
            channel=Channel(p.channel),
            petition_class=PetitionClass(p.petition_class),
            petitioner=PetitionerOut(
                name=p.petitioner_name,
                status=PetitionerStatus(p.petitioner_status),
                id_number=p.petitioner_id_masked,
                phone=p.petitioner_phone,
                address=p.petitioner_address,
            ),
            agent=Agent(name=p.agent_name, phone=p.agent_phone) if p.agent_name else None,
            representatives=list(p.representatives or []),
            state=PetitionState(p.state),
            hearing_days=p.hearing_days or 0,
            allowed_commands=TRANSITIONS.commands(PetitionState(p.state), p.flags),
        )
