"""The HTTP models of duty rosters: requests and replies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.http import Day, Instant, Text
from qiaolian_contracts.events.common import Id, Office

from .rules import TRANSITIONS, Outcome, RosterState
from .tables import DutyAssignment, DutyRoster

Name = Annotated[Text, StringConstraints(max_length=100)]
Reason = Annotated[Text, StringConstraints(max_length=500)]


class Leave(BaseModel):
    """A cadre not to be drawn from `from_on` to `to_on` (the whole roster when left out)."""

    model_config = ConfigDict(extra="forbid")
    cadre_id: Id
    from_on: Day | None = None
    to_on: Day | None = None


class Generate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holiday: Name | None = Field(None, description="a holiday's code in the calendar, e.g. spring_festival")
    year: int | None = Field(None, ge=2000, le=2100, description="the holiday's year")
    starts_on: Day | None = Field(None, description="instead of a holiday: the first day of a date range")
    ends_on: Day | None = None
    per_day: int = Field(1, ge=1, le=10, description="cadres on duty each rest day")
    offices: list[Office] | None = Field(None, min_length=1, description="draw only from these offices")
    cadre_ids: list[Id] | None = Field(None, min_length=1, max_length=500, description="draw only from these cadres")
    unavailable: list[Leave] = Field(default_factory=list, max_length=500, description="leave: not to be drawn")
    title: Annotated[Text, StringConstraints(max_length=200)] | None = None
    prepared_by: Name


class Publish(BaseModel):
    model_config = ConfigDict(extra="forbid")
    published_by: Name


class Cancel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


class Swap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignment_id: Id
    with_assignment_id: Id | None = Field(None, description="exchange: the duty (on another day) to trade with")
    to_cadre_id: Id | None = Field(None, description="hand-over: the active cadre who takes the duty")
    reason: Reason | None = Field(None, description="required once the roster is published")
    recorded_by: Name


class LogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    duty_on: Day
    cadre_id: Id = Field(description="the cadre on duty that day, who records the entry")
    occurred_at: Instant
    summary: Annotated[Text, StringConstraints(max_length=4000)]
    outcome: Outcome
    escalated_to: Name | None = Field(None, description="the leader or office the matter went to")


class HolidayOut(BaseModel):
    code: str
    name: str
    first_day: date
    last_day: date
    rest_days: list[date]


class DutyOut(BaseModel):
    id: str
    roster_id: str
    duty_on: date
    slot: int
    cadre_id: str
    name: str
    office: Office
    on_staff: bool = Field(description="false once the cadre has left the staff: the duty needs handing over")

    @classmethod
    def of(cls, d: DutyAssignment, on_staff: bool) -> DutyOut:
        return cls(
            id=d.id,
            roster_id=d.roster_id,
            duty_on=d.duty_on,
            slot=d.slot,
            cadre_id=d.cadre_id,
            name=d.name,
            office=Office(d.office),
            on_staff=on_staff,
        )


class Tally(BaseModel):
    cadre_id: str
    name: str
    duties: int


class SwapOut(BaseModel):
    id: str
    kind: Literal["exchange", "handover"]
    assignment_id: str
    other_assignment_id: str | None
    from_cadre_id: str
    to_cadre_id: str
    reason: str | None
    recorded_by: str
    after_publication: bool
    recorded_at: datetime


class RosterOut(BaseModel):
    id: str
    title: str
    holiday: str | None
    year: int
    starts_on: date
    ends_on: date
    per_day: int
    offices: list[Office] | None
    cadre_ids: list[str] | None
    unavailable: list[Leave]
    state: RosterState
    prepared_by: str
    published_by: str | None
    published_on: date | None
    cancelled_on: date | None
    cancel_reason: str | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, r: DutyRoster) -> RosterOut:
        state = RosterState(r.state)
        return cls(
            id=r.id,
            title=r.title,
            holiday=r.holiday,
            year=r.year,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            per_day=r.per_day,
            offices=r.offices,
            cadre_ids=r.pool,
            unavailable=[Leave(**u) for u in r.unavailable],
            state=state,
            prepared_by=r.prepared_by,
            published_by=r.published_by,
            published_on=r.published_on,
            cancelled_on=r.cancelled_on,
            cancel_reason=r.cancel_reason,
            allowed_commands=TRANSITIONS.commands(state),
        )


class RosterDetail(RosterOut):
    duties: list[DutyOut]
    tally: list[Tally] = Field(description="duties per cadre in this roster, most first")
    swaps: list[SwapOut]


class LogOut(BaseModel):
    id: str
    roster_id: str
    assignment_id: str
    duty_on: date
    cadre_id: str
    occurred_at: datetime
    summary: str
    outcome: Outcome
    escalated_to: str | None
    created_at: datetime
