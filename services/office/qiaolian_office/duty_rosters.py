"""Holiday duty rosters (值班): drawn fairly from the staff directory over the rest days of a holiday,
published, swapped, and a duty log kept by whoever is on duty.

A roster covers a named holiday of a year from the holiday calendar (`spring_festival` of 2026) or a
date range; its duty days are the rest days in it (holidays, and weekends that are not make-up working
days). It is drawn (duty_rules.py) from the active cadres of the directory, optionally only some
offices or some cadres, minus those unavailable (leave, or on duty that day in another published
roster), preferring those with the fewest duty days in earlier published rosters.
States: `draft` → (publish) `published`; either → (cancel) `cancelled`, a published roster only
before its first day. Swaps (an exchange of two duties on different days, or a hand-over of one
duty to another active cadre) are allowed in both states for days not yet past; each is recorded
(who, when, why: a reason is required once published), and after publication published as a fact.
Nobody is on two duties on one day, across published rosters (409). The duty log takes entries of a
published roster's duty day from the cadre on duty that day.
Events carry ids and dates only: no names, no log text.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import CHINA, today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.statemachine import Transitions
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.calendar import Calendar, default_calendar
from qiaolian_contracts.events.common import Id, Office
from qiaolian_contracts.events.office import Duty, DutyRosterCancelled, DutyRosterPublished, DutyRosterSwapped
from qiaolian_contracts.ids import new_id

from .duty_rules import Candidate, NotEnoughStaff, draw
from .database import Base, directory

PUBLISHED = "qiaolian.office.duty_roster.published.v1"
SWAPPED = "qiaolian.office.duty_roster.swapped.v1"
CANCELLED = "qiaolian.office.duty_roster.cancelled.v1"
MAX_DAYS = 92  # a quarter: longer periods are several rosters


class RosterState(StrEnum):
    draft = "draft"
    published = "published"
    cancelled = "cancelled"


MACHINE = Transitions("duty roster", {
    "publish": frozenset({RosterState.draft}),
    "swap": frozenset({RosterState.draft, RosterState.published}),
    "cancel": frozenset({RosterState.draft, RosterState.published}),
    "log": frozenset({RosterState.published}),
})


class Outcome(StrEnum):
    handled = "handled"
    escalated = "escalated"


class DutyRoster(Base):
    __tablename__ = "duty_rosters"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    holiday: Mapped[str | None] = mapped_column(sa.String(100), index=True)  # the calendar's code
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    starts_on: Mapped[date] = mapped_column(sa.Date, index=True)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    per_day: Mapped[int] = mapped_column(sa.Integer)
    offices: Mapped[list[str] | None] = mapped_column(sa.JSON)  # drawn only from these offices
    pool: Mapped[list[str] | None] = mapped_column(sa.JSON)  # drawn only from these cadres
    unavailable: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON)  # [{cadre_id, from_on, to_on}]
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    prepared_by: Mapped[str] = mapped_column(sa.String(100))
    published_by: Mapped[str | None] = mapped_column(sa.String(100))
    published_on: Mapped[date | None] = mapped_column(sa.Date)
    cancelled_on: Mapped[date | None] = mapped_column(sa.Date)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DutyAssignment(Base):
    """One duty; name and office are as the directory had them when the cadre was put on duty."""

    __tablename__ = "duty_assignments"
    __table_args__ = (sa.UniqueConstraint("roster_id", "duty_on", "slot", name="uq_duty_assignments_slot"),
                      # the same-day rule within a roster, held by the database too
                      sa.UniqueConstraint("roster_id", "duty_on", "cadre_id", name="uq_duty_assignments_cadre_day"))

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    roster_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_rosters.id"), index=True)
    duty_on: Mapped[date] = mapped_column(sa.Date, index=True)
    slot: Mapped[int] = mapped_column(sa.Integer)
    cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    office: Mapped[str] = mapped_column(sa.String(20))


class DutySwap(Base):
    __tablename__ = "duty_swaps"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    roster_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_rosters.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # exchange | handover
    assignment_id: Mapped[str] = mapped_column(sa.String(64))
    other_assignment_id: Mapped[str | None] = mapped_column(sa.String(64))
    from_cadre_id: Mapped[str] = mapped_column(sa.String(64))
    to_cadre_id: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by: Mapped[str] = mapped_column(sa.String(100))
    after_publication: Mapped[bool] = mapped_column(sa.Boolean)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DutyLogEntry(Base):
    __tablename__ = "duty_log"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    roster_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_rosters.id"), index=True)
    assignment_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_assignments.id"))
    duty_on: Mapped[date] = mapped_column(sa.Date, index=True)
    cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    summary: Mapped[str] = mapped_column(sa.Text)
    outcome: Mapped[str] = mapped_column(sa.String(20), index=True)
    escalated_to: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Leave(BaseModel):
    """A cadre not to be drawn from `from_on` to `to_on` (the whole roster when left out)."""

    model_config = ConfigDict(extra="forbid")
    cadre_id: Id
    from_on: date | None = None
    to_on: date | None = None


# ---- commands ----------------------------------------------------------------------------------

def _period(calendar: Calendar, holiday: str | None, year: int | None, starts_on: date | None,
            ends_on: date | None) -> tuple[str | None, str, date, date]:
    """(holiday code, default title, first day, last day) of what the roster is asked to cover."""
    if holiday is not None:
        if starts_on is not None or ends_on is not None:
            raise Invalid("holiday", "give a holiday and its year, or starts_on and ends_on, not both")
        if year is None:
            raise Invalid("year", "is required with a holiday")
        if not calendar.covers(year):
            raise Invalid("year", f"the holiday calendar has no data for {year}")
        h = calendar.holiday(year, holiday)
        if h is None:
            raise Invalid("holiday", f"not a holiday of {year} in the calendar (GET /duty-rosters/holidays?year={year})")
        return h.code, f"{h.name} {year} 值班表", h.first, h.last
    if year is not None:
        raise Invalid("year", "only with a holiday; a date range gives its own dates")
    if starts_on is None or ends_on is None:
        raise Invalid("starts_on" if starts_on is None else "ends_on", "is required unless a holiday is given")
    if ends_on < starts_on:
        raise Invalid("ends_on", "cannot be before starts_on")
    if (ends_on - starts_on).days >= MAX_DAYS:
        raise Invalid("ends_on", f"a roster covers at most {MAX_DAYS} days")
    for y in range(starts_on.year, ends_on.year + 1):
        if not calendar.covers(y):
            raise Invalid("ends_on" if y > starts_on.year else "starts_on",
                          f"the holiday calendar has no data for {y}")
    return None, f"值班表 {starts_on}–{ends_on}", starts_on, ends_on


async def _staff(uow: UnitOfWork, cadre_ids: list[str] | None = None, *, offices: list[Office] | None = None,
                 lock: bool = False) -> dict[str, Any]:
    """Active cadres of the directory by id; locked, a command that puts them on duty runs one at a time."""
    t = directory.table
    stmt = sa.select(t)
    if cadre_ids is not None:
        stmt = stmt.where(t.c.cadre_id.in_(cadre_ids))
    if offices:
        stmt = stmt.where(t.c.office.in_([o.value for o in offices]))
    if lock:
        stmt = stmt.with_for_update()
    return {r.cadre_id: r for r in (await uow.session.execute(stmt)).all()}


async def _published_duties(uow: UnitOfWork, *, cadre_ids: list[str], days: set[date],
                            other_than: str | None = None) -> list[DutyAssignment]:
    where = [DutyRoster.state == RosterState.published.value, DutyAssignment.cadre_id.in_(cadre_ids),
             DutyAssignment.duty_on.in_(days)]
    if other_than:
        where.append(DutyAssignment.roster_id != other_than)
    return list((await uow.session.scalars(sa.select(DutyAssignment).join(DutyRoster).where(*where))).all())


def _leaves(roster: DutyRoster) -> dict[str, list[tuple[date, date]]]:
    """Each cadre's leaves as (first, last) day: tested day by day, never expanded into the days they
    span (a leave may run for years past the roster)."""
    out: dict[str, list[tuple[date, date]]] = {}
    for leave in roster.unavailable:
        out.setdefault(leave["cadre_id"], []).append((date.fromisoformat(leave["from_on"]),
                                                      date.fromisoformat(leave["to_on"])))
    return out


def _on_leave(leaves: dict[str, list[tuple[date, date]]], cadre_id: str, day: date) -> bool:
    return any(first <= day <= last for first, last in leaves.get(cadre_id, ()))


async def generate(uow: UnitOfWork, *, calendar: Calendar, on: date, prepared_by: str, holiday: str | None = None,
                   year: int | None = None, starts_on: date | None = None, ends_on: date | None = None,
                   per_day: int = 1, offices: list[Office] | None = None, cadre_ids: list[str] | None = None,
                   unavailable: list[Leave] | None = None, title: str | None = None) -> DutyRoster:
    code, default_title, first, last = _period(calendar, holiday, year, starts_on, ends_on)
    where = "holiday" if code else "starts_on"
    days = calendar.rest_days(first, last)
    if not days:
        raise Invalid(where if code else "ends_on", "there is no rest day in this period")
    if first < on:  # the period, not only its first rest day: cancelling is refused once the period began
        raise Invalid(where, f"the roster would begin before today ({on})")

    staff = await _staff(uow, cadre_ids, offices=offices)
    for i, cadre_id in enumerate(cadre_ids or []):
        if cadre_id not in staff:
            raise Invalid(f"cadre_ids.{i}", "is not active staff in the directory (or not of the offices given)")
    leave: list[dict[str, str]] = []
    for i, lv in enumerate(unavailable or []):
        lo, hi = lv.from_on or first, lv.to_on or last
        if hi < lo:
            raise Invalid(f"unavailable.{i}.to_on", "cannot be before from_on")
        if lv.cadre_id not in await _staff(uow, [lv.cadre_id]):
            raise Invalid(f"unavailable.{i}.cadre_id", "is not active staff in the directory")
        leave.append({"cadre_id": lv.cadre_id, "from_on": lo.isoformat(), "to_on": hi.isoformat()})
    if not staff:
        raise Conflict("there is no active staff in the directory to draw the roster from"
                       + (" in the offices given" if offices else ""))

    ids = sorted(staff)
    history = dict((await uow.session.execute(
        sa.select(DutyAssignment.cadre_id, sa.func.count()).join(DutyRoster)
        .where(DutyRoster.state == RosterState.published.value, DutyAssignment.cadre_id.in_(ids))
        .group_by(DutyAssignment.cadre_id))).tuples().all())
    busy: dict[str, set[date]] = {}
    for d in await _published_duties(uow, cadre_ids=ids, days=set(days)):
        busy.setdefault(d.cadre_id, set()).add(d.duty_on)
    roster = DutyRoster(id=new_id(), title=title or default_title, holiday=code,
                        year=year if code and year else first.year, starts_on=first,
                        ends_on=last, per_day=per_day, offices=[o.value for o in offices] if offices else None,
                        pool=cadre_ids, unavailable=leave, state=RosterState.draft.value, prepared_by=prepared_by,
                        created_at=uow.now)
    leaves = _leaves(roster)
    candidates = [Candidate(c, history.get(c, 0), frozenset(busy.get(c, set()) | {
        d for d in days if _on_leave(leaves, c, d)})) for c in ids]
    try:
        drawn = draw(days, per_day, candidates)
    except NotEnoughStaff as e:
        raise Conflict(f"not enough staff to draw from on {e.duty_on}: {e.needed} needed, {e.available} available",
                       duty_on=e.duty_on.isoformat(), needed=e.needed, available=e.available) from None
    uow.session.add(roster)
    await uow.session.flush()
    uow.session.add_all([DutyAssignment(id=new_id(), roster_id=roster.id, duty_on=d.duty_on, slot=d.slot,
                                        cadre_id=d.cadre_id, name=staff[d.cadre_id].name,
                                        office=staff[d.cadre_id].office) for d in drawn])
    return roster


async def _load(uow: UnitOfWork, roster_id: str, command: str) -> DutyRoster:
    r = await get_or_404(uow.session, DutyRoster, "duty roster", roster_id, for_update=True)
    MACHINE.require(RosterState(r.state), command)
    return r


async def _duties(session: Any, roster_id: str) -> list[DutyAssignment]:
    return list((await session.scalars(sa.select(DutyAssignment).where(DutyAssignment.roster_id == roster_id)
                                       .order_by(DutyAssignment.duty_on, DutyAssignment.slot))).all())


def _fact(a: DutyAssignment) -> Duty:
    return Duty(assignment_id=a.id, duty_on=a.duty_on, cadre_id=a.cadre_id)


async def publish(uow: UnitOfWork, roster_id: str, *, published_by: str, on: date) -> DutyRoster:
    r = await _load(uow, roster_id, "publish")
    duties = await _duties(uow.session, r.id)
    ids = sorted({d.cadre_id for d in duties})
    staff = await _staff(uow, ids, lock=True)
    gone = [c for c in ids if c not in staff]
    if gone:
        raise Conflict("some cadres on this roster are no longer on the staff: hand their duties over first",
                       cadre_ids=gone)
    mine = {(d.cadre_id, d.duty_on) for d in duties}
    clashes = [d for d in await _published_duties(uow, cadre_ids=ids, days={d.duty_on for d in duties},
                                                  other_than=r.id) if (d.cadre_id, d.duty_on) in mine]
    if clashes:
        raise Conflict("some cadres are already on duty on the same day in another published roster",
                       clashes=[{"cadre_id": c.cadre_id, "duty_on": c.duty_on.isoformat(), "roster_id": c.roster_id}
                                for c in clashes])
    r.state, r.published_by, r.published_on = RosterState.published.value, published_by, on
    uow.emit(r.id, DutyRosterPublished(roster_id=r.id, starts_on=r.starts_on, ends_on=r.ends_on,
                                                  published_on=on, duties=[_fact(d) for d in duties]))
    return r


async def _duty(uow: UnitOfWork, roster: DutyRoster, assignment_id: str, on: date, field: str) -> DutyAssignment:
    a = await get_or_404(uow.session, DutyAssignment, "duty", assignment_id)
    if a.roster_id != roster.id:
        raise Invalid(field, "is not a duty of this roster")
    if a.duty_on < on:
        raise Conflict(f"the duty of {a.duty_on} is past: it can no longer be swapped")
    return a


async def swap(uow: UnitOfWork, roster_id: str, *, assignment_id: str, recorded_by: str, on: date,
               with_assignment_id: str | None = None, to_cadre_id: str | None = None,
               reason: str | None = None) -> DutySwap:
    if (with_assignment_id is None) == (to_cadre_id is None):
        raise Invalid("to_cadre_id", "give with_assignment_id (exchange two duties) or to_cadre_id (hand one over)")
    r = await _load(uow, roster_id, "swap")
    published = r.state == RosterState.published.value
    if published and not reason:
        raise Invalid("reason", "is required once the roster is published")
    a = await _duty(uow, r, assignment_id, on, "assignment_id")
    moves: list[tuple[DutyAssignment, str]]
    if with_assignment_id is not None:
        b = await _duty(uow, r, with_assignment_id, on, "with_assignment_id")
        if b.duty_on == a.duty_on:
            raise Invalid("with_assignment_id", "is on the same day: an exchange needs two days")
        if b.cadre_id == a.cadre_id:
            raise Invalid("with_assignment_id", "is a duty of the same cadre")
        moves = [(a, b.cadre_id), (b, a.cadre_id)]
    else:
        assert to_cadre_id is not None
        if to_cadre_id == a.cadre_id:
            raise Invalid("to_cadre_id", "already holds this duty")
        moves = [(a, to_cadre_id)]
    staff = await _staff(uow, [c for _, c in moves], lock=True)
    for (duty, cadre_id), field in zip(moves, ("with_assignment_id", "assignment_id")):
        if cadre_id not in staff:
            if to_cadre_id:
                raise Invalid("to_cadre_id", "is not active staff in the directory")
            raise Invalid(field, "its cadre is no longer active staff: hand the other duty over instead")
        same_day = await uow.session.scalar(sa.select(DutyAssignment.id).where(
            DutyAssignment.roster_id == r.id, DutyAssignment.duty_on == duty.duty_on,
            DutyAssignment.cadre_id == cadre_id))
        if same_day or await _published_duties(uow, cadre_ids=[cadre_id], days={duty.duty_on}, other_than=r.id):
            raise Conflict(f"the cadre is already on duty on {duty.duty_on}", cadre_id=cadre_id,
                           duty_on=duty.duty_on.isoformat())
        if _on_leave(_leaves(r), cadre_id, duty.duty_on):
            raise Conflict(f"the cadre is unavailable on {duty.duty_on}", cadre_id=cadre_id,
                           duty_on=duty.duty_on.isoformat())
    s = DutySwap(id=new_id(), roster_id=r.id, kind="exchange" if with_assignment_id else "handover",
                 assignment_id=a.id, other_assignment_id=with_assignment_id, from_cadre_id=a.cadre_id,
                 to_cadre_id=moves[0][1], reason=reason, recorded_by=recorded_by, after_publication=published,
                 recorded_at=uow.now)
    for duty, cadre_id in moves:
        duty.cadre_id, duty.name, duty.office = cadre_id, staff[cadre_id].name, staff[cadre_id].office
    uow.session.add(s)
    if published:
        uow.emit(r.id, DutyRosterSwapped(roster_id=r.id, swap_id=s.id, swapped_on=on,
                                                  duties=[_fact(d) for d, _ in moves]))
    return s


async def cancel(uow: UnitOfWork, roster_id: str, *, reason: str, on: date) -> DutyRoster:
    r = await _load(uow, roster_id, "cancel")
    was_published = r.state == RosterState.published.value
    if was_published and r.starts_on <= on:
        raise Conflict("the roster has begun: swap its duties instead of cancelling it",
                       current_state=r.state,
                       allowed_commands=[c for c in MACHINE.commands(RosterState.published) if c != "cancel"])
    r.state, r.cancelled_on, r.cancel_reason = RosterState.cancelled.value, on, reason
    if was_published:
        uow.emit(r.id, DutyRosterCancelled(roster_id=r.id, starts_on=r.starts_on, ends_on=r.ends_on,
                                                      cancelled_on=on))
    return r


async def log(uow: UnitOfWork, roster_id: str, *, duty_on: date, cadre_id: str, occurred_at: datetime,
              summary: str, outcome: Outcome, escalated_to: str | None = None) -> DutyLogEntry:
    r = await get_or_404(uow.session, DutyRoster, "duty roster", roster_id)
    MACHINE.require(RosterState(r.state), "log")
    duty = await uow.session.scalar(sa.select(DutyAssignment).where(
        DutyAssignment.roster_id == r.id, DutyAssignment.duty_on == duty_on, DutyAssignment.cadre_id == cadre_id))
    if duty is None:
        if not await uow.session.scalar(sa.select(DutyAssignment.id).where(
                DutyAssignment.roster_id == r.id, DutyAssignment.duty_on == duty_on).limit(1)):
            raise Invalid("duty_on", "is not a duty day of this roster")
        raise Invalid("cadre_id", "is not on duty on that day in this roster")
    # compared with the day's bounds, not converted: a time near the ends of the calendar cannot be
    # moved to Beijing time (OverflowError)
    day_begins = datetime.combine(duty_on, time(), CHINA)
    if not day_begins <= occurred_at < day_begins + timedelta(days=1):
        raise Invalid("occurred_at", "must fall on the duty day (Beijing time)")
    if occurred_at > uow.now:
        raise Invalid("occurred_at", "cannot be in the future")
    if (outcome is Outcome.escalated) != bool(escalated_to):
        raise Invalid("escalated_to", "is required when the outcome is escalated, and only then")
    e = DutyLogEntry(id=new_id(), roster_id=r.id, assignment_id=duty.id, duty_on=duty_on, cadre_id=cadre_id,
                     occurred_at=occurred_at, summary=summary, outcome=outcome.value, escalated_to=escalated_to,
                     created_at=uow.now)
    uow.session.add(e)
    return e


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["duty rosters"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[Text, StringConstraints(max_length=100)]
Reason = Annotated[Text, StringConstraints(max_length=500)]


class Generate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holiday: Name | None = Field(None, description="a holiday's code in the calendar, e.g. spring_festival")
    year: int | None = Field(None, ge=2000, le=2100, description="the holiday's year")
    starts_on: date | None = Field(None, description="instead of a holiday: the first day of a date range")
    ends_on: date | None = None
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
    duty_on: date
    cadre_id: Id = Field(description="the cadre on duty that day, who records the entry")
    occurred_at: AwareDatetime
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
        return cls(id=d.id, roster_id=d.roster_id, duty_on=d.duty_on, slot=d.slot, cadre_id=d.cadre_id, name=d.name,
                   office=Office(d.office), on_staff=on_staff)


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
        return cls(id=r.id, title=r.title, holiday=r.holiday, year=r.year, starts_on=r.starts_on, ends_on=r.ends_on,
                   per_day=r.per_day, offices=r.offices, cadre_ids=r.pool,
                   unavailable=[Leave(**u) for u in r.unavailable], state=state, prepared_by=r.prepared_by,
                   published_by=r.published_by, published_on=r.published_on, cancelled_on=r.cancelled_on,
                   cancel_reason=r.cancel_reason, allowed_commands=MACHINE.commands(state))


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


def _out(model: type[BaseModel]) -> Any:
    return lambda row: model.model_validate(row, from_attributes=True)


async def _detail(session: Any, r: DutyRoster) -> RosterDetail:
    duties = await _duties(session, r.id)
    counts: dict[str, Tally] = {}
    for d in duties:
        t = counts.setdefault(d.cadre_id, Tally(cadre_id=d.cadre_id, name=d.name, duties=0))
        t.duties += 1
    swaps = (await session.scalars(sa.select(DutySwap).where(DutySwap.roster_id == r.id)
                                   .order_by(DutySwap.recorded_at, DutySwap.id))).all()
    staff = set((await session.scalars(sa.select(directory.table.c.cadre_id).where(
        directory.table.c.cadre_id.in_(list(counts))))).all())
    return RosterDetail(**RosterOut.of(r).model_dump(), duties=[DutyOut.of(d, d.cadre_id in staff) for d in duties],
                        tally=sorted(counts.values(), key=lambda t: (-t.duties, t.cadre_id)),
                        swaps=[_out(SwapOut)(s) for s in swaps])


def _where(equal: tuple[tuple[Any, Any], ...], day: Any, from_on: date | None = None,
           to_on: date | None = None) -> list[Any]:
    """A listing's filters: each column equal to its value where one is given, and `day` from `from_on` to `to_on`."""
    where = [column == (value.value if isinstance(value, StrEnum) else value) for column, value in equal
             if value is not None]
    if from_on:
        where.append(day >= from_on)
    if to_on:
        where.append(day <= to_on)
    return where


@router.get("/duty-rosters/holidays", summary="The holidays of a year in the calendar, with their rest days")
async def list_holidays(year: int) -> list[HolidayOut]:
    calendar = default_calendar()
    if not calendar.covers(year):
        raise Invalid("year", f"the holiday calendar has no data for {year}")
    return [HolidayOut(code=h.code, name=h.name, first_day=h.first, last_day=h.last,
                       rest_days=calendar.rest_days(h.first, h.last)) for h in calendar.holidays_of(year)]


@router.post("/duty-rosters", status_code=201, summary="Draw a draft duty roster (值班表) for a holiday or dates")
async def generate_roster(body: Generate, request: Request) -> RosterDetail:
    svc = get_service(request)
    async with svc.uow() as uow:
        r = await generate(uow, calendar=default_calendar(), on=today(svc.clock), prepared_by=body.prepared_by,
                           holiday=body.holiday, year=body.year, starts_on=body.starts_on, ends_on=body.ends_on,
                           per_day=body.per_day, offices=body.offices, cadre_ids=body.cadre_ids,
                           unavailable=body.unavailable, title=body.title)
        await uow.session.flush()
        return await _detail(uow.session, r)


@router.get("/duty-rosters", summary="Duty rosters, latest period first")
async def list_rosters(request: Request, state: RosterState | None = None, holiday: str | None = None,
                       year: int | None = Query(None, ge=2000, le=2100), on: date | None = None,
                       page: PageParams = Depends(page_params)) -> Page[RosterOut]:
    where = _where(((DutyRoster.state, state), (DutyRoster.holiday, holiday), (DutyRoster.year, year)), None)
    if on:
        where.append(sa.and_(DutyRoster.starts_on <= on, DutyRoster.ends_on >= on))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(DutyRoster).where(*where)
                              .order_by(DutyRoster.starts_on.desc(), DutyRoster.id), page, RosterOut.of)


@router.get("/duty-rosters/{roster_id}", summary="A duty roster with its duties, the tally per cadre and the swaps")
async def get_roster(roster_id: str, request: Request) -> RosterDetail:
    async with get_service(request).db.sessions() as s:
        return await _detail(s, await get_or_404(s, DutyRoster, "duty roster", roster_id))


@router.post("/duty-rosters/{roster_id}/publish", summary="Publish a draft roster (duty_roster.published)")
async def publish_roster(roster_id: str, body: Publish, request: Request) -> RosterDetail:
    svc = get_service(request)
    async with svc.uow() as uow:
        r = await publish(uow, roster_id, published_by=body.published_by, on=today(svc.clock))
        return await _detail(uow.session, r)


@router.post("/duty-rosters/{roster_id}/swaps", status_code=201,
             summary="Exchange two duties, or hand one over to another cadre (調班)")
async def swap_duties(roster_id: str, body: Swap, request: Request) -> RosterDetail:
    svc = get_service(request)
    async with svc.uow() as uow:
        await swap(uow, roster_id, assignment_id=body.assignment_id, with_assignment_id=body.with_assignment_id,
                   to_cadre_id=body.to_cadre_id, reason=body.reason, recorded_by=body.recorded_by,
                   on=today(svc.clock))
        await uow.session.flush()
        return await _detail(uow.session, await get_or_404(uow.session, DutyRoster, "duty roster", roster_id))


@router.post("/duty-rosters/{roster_id}/cancel", summary="Withdraw a draft, or a published roster before it begins")
async def cancel_roster(roster_id: str, body: Cancel, request: Request) -> RosterOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        r = await cancel(uow, roster_id, reason=body.reason, on=today(svc.clock))
    return RosterOut.of(r)


@router.get("/duty-assignments", summary="Duties by day or cadre (who is on duty), of published rosters by default")
async def list_duties(request: Request, cadre_id: str | None = None, roster_id: str | None = None,
                      on: date | None = None, from_on: date | None = None, to_on: date | None = None,
                      state: RosterState | None = RosterState.published, on_staff: bool | None = None,
                      page: PageParams = Depends(page_params)) -> Page[DutyOut]:
    staff = directory.table.c.cadre_id
    where = _where(((DutyRoster.state, state), (DutyAssignment.cadre_id, cadre_id),
                    (DutyAssignment.roster_id, roster_id), (DutyAssignment.duty_on, on)),
                   DutyAssignment.duty_on, from_on, to_on)
    if on_staff is not None:
        where.append(staff.is_not(None) if on_staff else staff.is_(None))
    stmt = (sa.select(DutyAssignment, staff.is_not(None)).join(DutyRoster)
            .outerjoin(directory.table, staff == DutyAssignment.cadre_id).where(*where)
            .order_by(DutyAssignment.duty_on, DutyAssignment.slot, DutyAssignment.id))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, lambda row: DutyOut.of(row[0], bool(row[1])), scalars=False)


@router.post("/duty-rosters/{roster_id}/log", status_code=201, summary="Record what happened on duty (值班記錄)")
async def log_entry(roster_id: str, body: LogEntry, request: Request) -> LogOut:
    async with get_service(request).uow() as uow:
        e = await log(uow, roster_id, duty_on=body.duty_on, cadre_id=body.cadre_id, occurred_at=body.occurred_at,
                      summary=body.summary, outcome=body.outcome, escalated_to=body.escalated_to)
    return _out(LogOut)(e)


@router.get("/duty-log", summary="The duty log, in the order things happened")
async def list_log(request: Request, roster_id: str | None = None, cadre_id: str | None = None,
                   duty_on: date | None = None, from_on: date | None = None, to_on: date | None = None,
                   outcome: Outcome | None = None, page: PageParams = Depends(page_params)) -> Page[LogOut]:
    where = _where(((DutyLogEntry.roster_id, roster_id), (DutyLogEntry.cadre_id, cadre_id),
                    (DutyLogEntry.duty_on, duty_on), (DutyLogEntry.outcome, outcome)),
                   DutyLogEntry.duty_on, from_on, to_on)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(DutyLogEntry).where(*where)
                              .order_by(DutyLogEntry.occurred_at, DutyLogEntry.id), page, _out(LogOut))

