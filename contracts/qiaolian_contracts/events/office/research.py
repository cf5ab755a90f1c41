"""Facts of the yearly research plan (課題調研): ids, codes, dates."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ...envelope import Payload
from ..common import Id, OfficeField


class ResearchTopicPlanned(Payload):
    topic_id: Id
    plan_year: int = Field(ge=2000, le=2200)
    office: OfficeField = Field(description="the owner office")
    milestones: int = Field(ge=0)


class ResearchReportFiled(Payload):
    topic_id: Id
    plan_year: int = Field(ge=2000, le=2200)
    office: OfficeField
    filed_on: date
