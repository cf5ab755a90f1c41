"""How a holiday duty roster (值班表) is drawn and kept: pure rules, no I/O.

A roster covers a named holiday of a year from the holiday calendar (`spring_festival` of 2026) or a
date range of at most MAX_DAYS; its duty days are the rest days in it (holidays, and weekends that are
not make-up working days).

Each rest day needs `per_day` cadres. Slot by slot, day by day (earliest first), the cadre drawn is
the one with the fewest duties in this roster so far, then the fewest duty days in earlier published
rosters (`history`), then the smallest cadre id, so the same directory and history always give the
same roster. Among cadres available on every day the counts therefore differ by at most one, and
the extra duties of an uneven split go to those who have served least. Nobody is drawn twice for one
day, nor on a day they are unavailable (on leave, or on duty in another published roster).

States: `draft` → (publish) `published`; either → (cancel) `cancelled`, a published roster only
before its first day. Swaps (an exchange of two duties on different days, or a hand-over of one
duty to another active cadre) are allowed in both states for days not yet past; a reason is
required once published. The duty log takes entries of a published roster's duty day from the
cadre on duty that day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions
from qiaolian_contracts.calendar import Calendar

MAX_DAYS = 92  # a quarter: longer periods are several rosters


class RosterState(StrEnum):
    draft = "draft"
    published = "published"
    cancelled = "cancelled"


TRANSITIONS = Transitions(
    "duty roster",
    {
        "publish": Rule(frozenset({RosterState.draft}), RosterState.published),
        "swap": {RosterState.draft, RosterState.published},
        "cancel": Rule(frozenset({RosterState.draft, RosterState.published}), RosterState.cancelled),
        "log": {RosterState.published},
    },
)


class Outcome(StrEnum):
    handled = "handled"
    escalated = "escalated"


# ---- the period ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    holiday: str | None  # the calendar's code, or None for a date range
    title: str  # the roster's default title
    first: date
    last: date


def period(
    calendar: Calendar, holiday: str | None, year: int | None, starts_on: date | None, ends_on: date | None
) -> Period:
    """What the roster is asked to cover: a holiday of a year, or a date range."""
    if holiday is not None:
        if starts_on is not None or ends_on is not None:
            raise Invalid("holiday", "give a holiday and its year, or starts_on and ends_on, not both")
        if year is None:
            raise Invalid("year", "is required with a holiday")
        if not calendar.covers(year):
            raise Invalid("year", f"the holiday calendar has no data for {year}")
        h = calendar.holiday(year, holiday)
        if h is None:
            raise Invalid(
                "holiday", f"not a holiday of {year} in the calendar (GET /duty-rosters/holidays?year={year})"
            )
        return Period(h.code, f"{h.name} {year} 值班表", h.first, h.last)
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
            raise Invalid("ends_on" if y > starts_on.year else "starts_on", f"the holiday calendar has no data for {y}")
    return Period(None, f"值班表 {starts_on}–{ends_on}", starts_on, ends_on)


# ---- leave --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leave:
    """A cadre not to be drawn from `from_on` to `to_on` (the whole roster when left out)."""

    cadre_id: str
    from_on: date | None = None
    to_on: date | None = None


Leaves = dict[str, list[tuple[date, date]]]


def leaves(unavailable: Iterable[dict[str, str]]) -> Leaves:
    """Each cadre's leaves (as a roster stores them) as (first, last) day: tested day by day, never
    expanded into the days they span (a leave may run for years past the roster)."""
    out: Leaves = {}
    for leave in unavailable:
        out.setdefault(leave["cadre_id"], []).append(
            (date.fromisoformat(leave["from_on"]), date.fromisoformat(leave["to_on"]))
        )
    return out


def on_leave(leaves: Leaves, cadre_id: str, day: date) -> bool:
    return any(first <= day <= last for first, last in leaves.get(cadre_id, ()))


# ---- swaps -------------------------------------------------------------------------------------


def check_swap_kind(with_assignment_id: str | None, to_cadre_id: str | None) -> None:
    """A swap is an exchange (with another duty) or a hand-over (to a cadre): one of the two."""
    if (with_assignment_id is None) == (to_cadre_id is None):
        raise Invalid("to_cadre_id", "give with_assignment_id (exchange two duties) or to_cadre_id (hand one over)")


def check_swap_reason(published: bool, reason: str | None) -> None:
    if published and not reason:
        raise Invalid("reason", "is required once the roster is published")


# ---- the draw -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    cadre_id: str
    history: int = 0  # duty days in earlier published rosters
    unavailable: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Drawn:
    duty_on: date
    slot: int  # 1 .. per_day
    cadre_id: str


class NotEnoughStaff(Exception):
    def __init__(self, duty_on: date, needed: int, available: int) -> None:
        super().__init__(f"{duty_on}: {needed} needed, {available} available")
        self.duty_on, self.needed, self.available = duty_on, needed, available


def draw(days: Iterable[date], per_day: int, candidates: Sequence[Candidate]) -> list[Drawn]:
    counts = {c.cadre_id: 0 for c in candidates}
    drawn: list[Drawn] = []
    for day in sorted(set(days)):
        free = [c for c in candidates if day not in c.unavailable]
        if len(free) < per_day:
            raise NotEnoughStaff(day, per_day, len(free))
        chosen = sorted(free, key=lambda c: (counts[c.cadre_id], c.history, c.cadre_id))[:per_day]
        for slot, c in enumerate(chosen, start=1):
            counts[c.cadre_id] += 1
            drawn.append(Drawn(day, slot, c.cadre_id))
    return drawn
