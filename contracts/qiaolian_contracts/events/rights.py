"""Facts published by rights (經濟工作處 / 權益保障處)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from ..envelope import Payload
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


class PetitionHandlerAssigned(Payload):
    petition_id: Id
    cadre_id: Id = Field(description="the rights cadre who handles the petition (an official, not the petitioner)")
