"""Facts published by rights (經濟工作處 / 權益保障處)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
from .common import Code, Id


class Channel(StrEnum):
    letter = "letter"
    visit = "visit"
    phone = "phone"
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


class PetitionAccepted(Payload):
    petition_id: Id
    accepted_on: date
    handling_due: date = Field(description="60-day handling deadline from acceptance")


class PetitionDeadlineKind(StrEnum):
    first_decision = "first_decision"  # decide and send written notice within 15 days of receipt
    handling = "handling"  # handle within 60 days of acceptance (plus an approved extension)


class PetitionDeadline(Payload):
    """A statutory deadline of a petition is near, or has passed without being met."""

    petition_id: Id
    deadline: PetitionDeadlineKind
    due_on: date


class PetitionHandlerAssigned(Payload):
    petition_id: Id
    cadre_id: Id = Field(description="the rights cadre who handles the petition (an official, not the petitioner)")


PRODUCES = (
    EventType("qiaolian.rights.petition.filed.v1", PetitionFiled,
              "A petition was registered, with its first-decision deadline."),
    EventType("qiaolian.rights.petition.accepted.v1", PetitionAccepted,
              "A petition was accepted for handling; the 60-day handling clock started."),
    EventType("qiaolian.rights.petition.handler_assigned.v1", PetitionHandlerAssigned,
              "A rights cadre was assigned to handle a petition."),
    EventType("qiaolian.rights.petition.deadline_approaching.v1", PetitionDeadline,
              "A statutory deadline of a petition falls within the warning period (default 3 days)."),
    EventType("qiaolian.rights.petition.overdue.v1", PetitionDeadline,
              "A statutory deadline of a petition passed without being met."),
)

# the durable consumers rights runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup("rights", "staff", ("qiaolian.personnel.cadre.appointed.v1",),
                  "Keeps rights' projection of its own staff (who may handle petitions)."),
)
