"""Facts of safety (平安建設, 安全生產, 消防): inspections and their findings, fire drills, equipment checks.
Ids, codes, dates and counts only: no premises' descriptions, no findings' words, no names."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ...envelope import Payload
from ..common import Code, Id, OfficeField


class SafetyInspectionRecorded(Payload):
    inspection_id: Id
    kind: Code = Field(description="safety (安全生產), fire (消防) or security (平安建設)")
    inspected_on: date
    findings: int = Field(ge=0, description="the number of findings, each a rectification with a deadline")


class SafetyFindingRectified(Payload):
    finding_id: Id
    inspection_id: Id
    office: OfficeField = Field(description="the office that rectified it")
    due_on: date
    rectified_on: date


class FireDrillHeld(Payload):
    drill_id: Id
    held_on: date
    participants: int = Field(ge=1)


class SafetyEquipmentCheckOverdue(Payload):
    equipment_id: Id
    due_on: date
