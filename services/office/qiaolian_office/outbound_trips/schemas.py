"""The HTTP models of outbound trips: requests and replies. The passport number is shown masked."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.http import Day, Text
from qiaolian_chassis.privacy import mask
from qiaolian_contracts.events.common import CountryCode, Office

from .rules import TRANSITIONS, Role, TripState, is_passport_overdue, next_step
from .tables import OutboundTrip


class Apply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: Annotated[Text, StringConstraints(max_length=64)] = Field(description="the traveller (staff directory)")
    destinations: list[CountryCode] = Field(
        min_length=1, max_length=20, description="ISO 3166-1 alpha-2 codes; HK, MO, TW for Hong Kong, Macao, Taiwan"
    )
    purpose: Annotated[Text, StringConstraints(max_length=2000)]
    inviting_organisation: Annotated[Text, StringConstraints(max_length=300)]
    departs_on: Day
    returns_on: Day


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Role
    note: Annotated[Text, StringConstraints(max_length=2000)] | None = None


class Reject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Role
    reason: Annotated[Text, StringConstraints(max_length=2000)]


class IssuePassport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    passport_number: (
        Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9]{5,20}$")] | None
    ) = Field(None, description="kept in office's database only, shown masked")


class Withdraw(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[Text, StringConstraints(max_length=500)] = Field(
        description="why the trip will not happen; kept in office's database only"
    )


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")
    report: Annotated[Text, StringConstraints(max_length=20000)]


class StepOut(BaseModel):
    step: Role
    label: str


class DecisionOut(BaseModel):
    step: Role
    approved: bool
    decided_by: str
    decided_on: date
    note: str | None


class TripOut(BaseModel):
    id: str
    cadre_id: str
    office: Office
    destinations: list[str]
    purpose: str | None = Field(description="personal: the traveller, office's staff and the chain's roles only")
    inviting_organisation: str | None = Field(description="personal, as purpose")
    departs_on: date
    returns_on: date
    state: TripState
    next_step: Role | None = Field(description="the step of the approval chain waiting for a decision")
    applied_on: date
    approved_on: date | None
    rejected_on: date | None
    passport_number: str | None = Field(description="masked always; personal, as purpose")
    passport_issued_on: date | None
    passport_due_on: date | None
    passport_returned_on: date | None
    passport_overdue: bool
    report_filed_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, t: OutboundTrip, on: date, approvals: int, personal: bool) -> TripOut:
        """The trip; its personal fields left out (None) unless `personal`."""
        state = TripState(t.state)
        step = next_step(approvals) if state is TripState.applied else None
        return cls(
            id=t.id,
            cadre_id=t.cadre_id,
            office=Office(t.office),
            destinations=t.destinations.split(","),
            purpose=t.purpose if personal else None,
            inviting_organisation=t.inviting_organisation if personal else None,
            departs_on=t.departs_on,
            returns_on=t.returns_on,
            state=state,
            next_step=step.role if step else None,
            applied_on=t.applied_on,
            approved_on=t.approved_on,
            rejected_on=t.rejected_on,
            passport_number=mask(t.passport_number, head=1, tail=2) if personal else None,
            passport_issued_on=t.passport_issued_on,
            passport_due_on=t.passport_due_on,
            passport_returned_on=t.passport_returned_on,
            passport_overdue=is_passport_overdue(state, t.passport_due_on, on),
            report_filed_on=t.report_filed_on,
            allowed_commands=TRANSITIONS.commands(state),
        )


class TripDetail(TripOut):
    decisions: list[DecisionOut] = Field(description="the steps of the approval chain decided so far")
    report: str | None = Field(description="personal, as purpose")
    withdrawn_by: str | None = None
    withdrawn_on: Day | None = None
    withdrawal_reason: str | None = None
