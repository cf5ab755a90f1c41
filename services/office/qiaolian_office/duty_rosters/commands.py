"""Draw a roster, publish it, swap its duties and cancel it (the duty log: `log_commands`).

Drawn from the active cadres of the directory, optionally only some offices or some cadres, minus
those unavailable (leave, or on duty that day in another published roster), preferring those with
the fewest duty days in earlier published rosters. Nobody is on two duties on one day, across
published rosters (409): the commands that put cadres on duty lock their directory rows. Each swap
is recorded (who, when, why), and after publication published as a fact.
Events carry ids and dates only: no names, no log text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.calendar import Calendar, default_calendar
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import Duty, DutyRosterCancelled, DutyRosterPublished, DutyRosterSwapped
from qiaolian_contracts.ids import new_id

from ..database import directory
from .queries import duties
from .rules import (
    TRANSITIONS,
    Candidate,
    Leave,
    NotEnoughStaff,
    RosterState,
    check_swap_kind,
    check_swap_reason,
    draw,
    leaves,
    on_leave,
    period,
)
from .tables import DutyAssignment, DutyRoster, DutySwap


@dataclass(frozen=True)
class GenerateRoster:
    """A holiday (its code and year) or a date range (starts_on, ends_on)."""

    prepared_by: str
    holiday: str | None = None
    year: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    per_day: int = 1
    offices: Sequence[Office] | None = None  # draw only from these offices
    cadre_ids: Sequence[str] | None = None  # draw only from these cadres
    unavailable: Sequence[Leave] = field(default_factory=tuple)
    title: str | None = None


@dataclass(frozen=True)
class PublishRoster:
    roster_id: str
    published_by: str


@dataclass(frozen=True)
class SwapDuties:
    """An exchange of two duties (`with_assignment_id`), or a hand-over of one (`to_cadre_id`)."""

    roster_id: str
    assignment_id: str
    recorded_by: str
    with_assignment_id: str | None = None
    to_cadre_id: str | None = None
    reason: str | None = None  # required once the roster is published


@dataclass(frozen=True)
class CancelRoster:
    roster_id: str
    reason: str


async def _staff(
    uow: UnitOfWork,
    cadre_ids: Sequence[str] | None = None,
    *,
    offices: Sequence[Office] | None = None,
    lock: bool = False,
) -> dict[str, Any]:
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


async def _published_duties(
    uow: UnitOfWork, *, cadre_ids: list[str], days: set[date], other_than: str | None = None
) -> list[DutyAssignment]:
    where = [
        DutyRoster.state == RosterState.published.value,
        DutyAssignment.cadre_id.in_(cadre_ids),
        DutyAssignment.duty_on.in_(days),
    ]
    if other_than:
        where.append(DutyAssignment.roster_id != other_than)
    return list((await uow.session.scalars(sa.select(DutyAssignment).join(DutyRoster).where(*where))).all())


async def generate(uow: UnitOfWork, cmd: GenerateRoster, calendar: Calendar | None = None) -> DutyRoster:
    """Draw a draft roster over the rest days of the period (from the shipped holiday calendar unless
    `calendar` is given)."""
    calendar = calendar or default_calendar()
    on = uow.today
    p = period(calendar, cmd.holiday, cmd.year, cmd.starts_on, cmd.ends_on)
    where = "holiday" if p.holiday else "starts_on"
    days = calendar.rest_days(p.first, p.last)
    if not days:
        raise Invalid(where if p.holiday else "ends_on", "there is no rest day in this period")
    if p.first < on:  # the period, not only its first rest day: cancelling is refused once the period began
        raise Invalid(where, f"the roster would begin before today ({on})")

    staff = await _staff(uow, cmd.cadre_ids, offices=cmd.offices)
    for i, cadre_id in enumerate(cmd.cadre_ids or []):
        if cadre_id not in staff:
            raise Invalid(f"cadre_ids.{i}", "is not active staff in the directory (or not of the offices given)")
    leave: list[dict[str, str]] = []
    for i, lv in enumerate(cmd.unavailable):
        lo, hi = lv.from_on or p.first, lv.to_on or p.last
        if hi < lo:
            raise Invalid(f"unavailable.{i}.to_on", "cannot be before from_on")
        if lv.cadre_id not in await _staff(uow, [lv.cadre_id]):
            raise Invalid(f"unavailable.{i}.cadre_id", "is not active staff in the directory")
        leave.append({"cadre_id": lv.cadre_id, "from_on": lo.isoformat(), "to_on": hi.isoformat()})
    if not staff:
        raise Conflict(
            "there is no active staff in the directory to draw the roster from"
            + (" in the offices given" if cmd.offices else "")
        )

    ids = sorted(staff)
    history = dict(
        (
            await uow.session.execute(
                sa.select(DutyAssignment.cadre_id, sa.func.count())
                .join(DutyRoster)
                .where(DutyRoster.state == RosterState.published.value, DutyAssignment.cadre_id.in_(ids))
                .group_by(DutyAssignment.cadre_id)
            )
        )
        .tuples()
        .all()
    )
    busy: dict[str, set[date]] = {}
    for d in await _published_duties(uow, cadre_ids=ids, days=set(days)):
        busy.setdefault(d.cadre_id, set()).add(d.duty_on)
    roster = DutyRoster(
        id=new_id(),
        title=cmd.title or p.title,
        holiday=p.holiday,
        year=cmd.year if p.holiday and cmd.year else p.first.year,
        starts_on=p.first,
        ends_on=p.last,
        per_day=cmd.per_day,
        offices=[o.value for o in cmd.offices] if cmd.offices else None,
        pool=list(cmd.cadre_ids) if cmd.cadre_ids is not None else None,
        unavailable=leave,
        state=RosterState.draft.value,
        prepared_by=cmd.prepared_by,
        created_at=uow.now,
    )
    away = leaves(roster.unavailable)
    candidates = [
        Candidate(c, history.get(c, 0), frozenset(busy.get(c, set()) | {d for d in days if on_leave(away, c, d)}))
        for c in ids
    ]
    try:
        drawn = draw(days, cmd.per_day, candidates)
    except NotEnoughStaff as e:
        raise Conflict(
            f"not enough staff to draw from on {e.duty_on}: {e.needed} needed, {e.available} available",
            duty_on=e.duty_on.isoformat(),
            needed=e.needed,
            available=e.available,
        ) from None
    uow.session.add(roster)
    await uow.session.flush()
    uow.session.add_all(
        [
            DutyAssignment(
                id=new_id(),
                roster_id=roster.id,
                duty_on=d.duty_on,
                slot=d.slot,
                cadre_id=d.cadre_id,
                name=staff[d.cadre_id].name,
                office=staff[d.cadre_id].office,
            )
            for d in drawn
        ]
    )
    return roster


async def _load(uow: UnitOfWork, roster_id: str, command: str) -> tuple[DutyRoster, RosterState]:
    """The roster, locked, and the state `command` leads it to (409 if not allowed now)."""
    r: DutyRoster = await get_or_404(uow.session, DutyRoster, "duty roster", roster_id, for_update=True)
    return r, TRANSITIONS.apply(RosterState(r.state), command)


def _fact(a: DutyAssignment) -> Duty:
    return Duty(assignment_id=a.id, duty_on=a.duty_on, cadre_id=a.cadre_id)


async def publish(uow: UnitOfWork, cmd: PublishRoster) -> DutyRoster:
    r, state = await _load(uow, cmd.roster_id, "publish")
    drawn = await duties(uow.session, r.id)
    ids = sorted({d.cadre_id for d in drawn})
    staff = await _staff(uow, ids, lock=True)
    gone = [c for c in ids if c not in staff]
    if gone:
        raise Conflict(
            "some cadres on this roster are no longer on the staff: hand their duties over first", cadre_ids=gone
        )
    mine = {(d.cadre_id, d.duty_on) for d in drawn}
    clashes = [
        d
        for d in await _published_duties(uow, cadre_ids=ids, days={d.duty_on for d in drawn}, other_than=r.id)
        if (d.cadre_id, d.duty_on) in mine
    ]
    if clashes:
        raise Conflict(
            "some cadres are already on duty on the same day in another published roster",
            clashes=[
                {"cadre_id": c.cadre_id, "duty_on": c.duty_on.isoformat(), "roster_id": c.roster_id} for c in clashes
            ],
        )
    r.state, r.published_by, r.published_on = state.value, cmd.published_by, uow.today
    uow.emit(
        r.id,
        DutyRosterPublished(
            roster_id=r.id,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            published_on=uow.today,
            duties=[_fact(d) for d in drawn],
        ),
    )
    return r


async def _duty(uow: UnitOfWork, roster: DutyRoster, assignment_id: str, field: str) -> DutyAssignment:
    a: DutyAssignment = await get_or_404(uow.session, DutyAssignment, "duty", assignment_id)
    if a.roster_id != roster.id:
        raise Invalid(field, "is not a duty of this roster")
    if a.duty_on < uow.today:
        raise Conflict(f"the duty of {a.duty_on} is past: it can no longer be swapped")
    return a


async def swap(uow: UnitOfWork, cmd: SwapDuties) -> DutySwap:
    check_swap_kind(cmd.with_assignment_id, cmd.to_cadre_id)
    r, _ = await _load(uow, cmd.roster_id, "swap")
    published = r.state == RosterState.published.value
    check_swap_reason(published, cmd.reason)
    a = await _duty(uow, r, cmd.assignment_id, "assignment_id")
    moves: list[tuple[DutyAssignment, str]]
    if cmd.with_assignment_id is not None:
        b = await _duty(uow, r, cmd.with_assignment_id, "with_assignment_id")
        if b.duty_on == a.duty_on:
            raise Invalid("with_assignment_id", "is on the same day: an exchange needs two days")
        if b.cadre_id == a.cadre_id:
            raise Invalid("with_assignment_id", "is a duty of the same cadre")
        moves = [(a, b.cadre_id), (b, a.cadre_id)]
    else:
        assert cmd.to_cadre_id is not None
        if cmd.to_cadre_id == a.cadre_id:
            raise Invalid("to_cadre_id", "already holds this duty")
        moves = [(a, cmd.to_cadre_id)]
    staff = await _staff(uow, [c for _, c in moves], lock=True)
    away = leaves(r.unavailable)
    for (duty, cadre_id), field_ in zip(moves, ("with_assignment_id", "assignment_id"), strict=False):
        if cadre_id not in staff:
            if cmd.to_cadre_id:
                raise Invalid("to_cadre_id", "is not active staff in the directory")
            raise Invalid(field_, "its cadre is no longer active staff: hand the other duty over instead")
        same_day = await uow.session.scalar(
            sa.select(DutyAssignment.id).where(
                DutyAssignment.roster_id == r.id,
                DutyAssignment.duty_on == duty.duty_on,
                DutyAssignment.cadre_id == cadre_id,
            )
        )
        if same_day or await _published_duties(uow, cadre_ids=[cadre_id], days={duty.duty_on}, other_than=r.id):
            raise Conflict(
                f"the cadre is already on duty on {duty.duty_on}", cadre_id=cadre_id, duty_on=duty.duty_on.isoformat()
            )
        if on_leave(away, cadre_id, duty.duty_on):
            raise Conflict(
                f"the cadre is unavailable on {duty.duty_on}", cadre_id=cadre_id, duty_on=duty.duty_on.isoformat()
            )
    s = DutySwap(
        id=new_id(),
        roster_id=r.id,
        kind="exchange" if cmd.with_assignment_id else "handover",
        assignment_id=a.id,
        other_assignment_id=cmd.with_assignment_id,
        from_cadre_id=a.cadre_id,
        to_cadre_id=moves[0][1],
        reason=cmd.reason,
        recorded_by=cmd.recorded_by,
        after_publication=published,
        recorded_at=uow.now,
    )
    for duty, cadre_id in moves:
        duty.cadre_id, duty.name, duty.office = cadre_id, staff[cadre_id].name, staff[cadre_id].office
    uow.session.add(s)
    if published:
        uow.emit(
            r.id,
            DutyRosterSwapped(roster_id=r.id, swap_id=s.id, swapped_on=uow.today, duties=[_fact(d) for d, _ in moves]),
        )
    return s


async def cancel(uow: UnitOfWork, cmd: CancelRoster) -> DutyRoster:
    r, state = await _load(uow, cmd.roster_id, "cancel")
    on = uow.today
    was_published = r.state == RosterState.published.value
    if was_published and r.starts_on <= on:
        raise Conflict(
            "the roster has begun: swap its duties instead of cancelling it",
            current_state=r.state,
            allowed_commands=[c for c in TRANSITIONS.commands(RosterState.published) if c != "cancel"],
        )
    r.state, r.cancelled_on, r.cancel_reason = state.value, on, cmd.reason
    if was_published:
        uow.emit(r.id, DutyRosterCancelled(roster_id=r.id, starts_on=r.starts_on, ends_on=r.ends_on, cancelled_on=on))
    return r
