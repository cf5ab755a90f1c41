"""Reads of petitions: the filtered listing, a returning petitioner's petitions (by the keyed hash of
the ID number), a petition's deadlines, and the statistics with on-time rates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, Field

from qiaolian_chassis.db import filters
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, paginate
from qiaolian_contracts.events.rights import Channel, PetitionClass, PetitionDeadlineKind

from ..database import deadlines
from . import rules, tallies
from .rules import DEADLINE_OF, UNSUPERVISED, PetitionState
from .tables import PETITION_NAMES, Petition

T = TypeVar("T")


@dataclass(frozen=True)
class PetitionFilter:
    state: PetitionState | None = None
    petition_class: PetitionClass | None = None
    channel: Channel | None = None
    category: str | None = None
    region: str | None = None
    repeat_of: str | None = None
    handler_cadre_id: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    # a part of the petitioner's or agent's name, and whether the reader may search by them (only
    # who sees the names: for anyone else a name search matches no petition, so it reveals nothing)
    q: str | None = None
    names_visible: bool = False

    def where(self) -> list[Any]:
        P = Petition
        where: list[Any] = filters(
            (P.state, self.state),
            (P.petition_class, self.petition_class),
            (P.channel, self.channel),
            (P.category, self.category),
            (P.region, self.region),
            (P.repeat_of, self.repeat_of),
            (P.handler_cadre_id, self.handler_cadre_id),
            ranges=((P.received_on, self.received_from, self.received_to),),
        )
        if self.q:
            where.append(PETITION_NAMES.matches(P, self.q) if self.names_visible else sa.false())
        return where


async def petitions(
    session: Any,
    f: PetitionFilter,
    needs_handler: bool,
    page: PageParams,
    out: Callable[[Petition], T],
    visible: list[Any] | None = None,
) -> Page[T]:
    """Newest first; `needs_handler`: only open petitions with no handler (e.g. theirs left rights);
    `visible`: the clauses that keep out what the reader may not see."""
    where = f.where() + (visible or [])
    if needs_handler:
        where += [Petition.handler_cadre_id.is_(None), Petition.state.not_in([t.value for t in rules.TERMINAL])]
    return await paginate(
        session, sa.select(Petition).where(*where).order_by(Petition.received_on.desc(), Petition.id.desc()), page, out
    )


async def by_id_number(session: Any, id_number: str, key: str, visible: list[Any] | None = None) -> list[Petition]:
    if problem := rules.id_number_problem(id_number):
        raise Invalid("id_number", problem)
    return list(
        (
            await session.scalars(
                sa.select(Petition)
                .where(Petition.petitioner_id_hash == rules.id_hash(id_number, key), *(visible or []))
                .order_by(Petition.received_on.desc(), Petition.id.desc())
            )
        ).all()
    )


class DeadlineOut(BaseModel):
    deadline: PetitionDeadlineKind
    due_on: date
    state: str = Field(description="open, paused, met or cancelled")
    met_on: date | None
    provisional: bool = Field(
        description="counted into a year the holiday calendar has no data for: counted again once it is added"
    )
    warning_published: bool = Field(
        description="deadline_approaching was published for the current due date (or skipped: already overdue)"
    )
    overdue_published: bool = Field(description="overdue was published for the current due date")


async def petition_deadlines(session: Any, petition_id: str) -> list[DeadlineOut]:
    t = deadlines.table
    rows = (
        await session.execute(
            sa.select(t)
            .where(t.c.subject_id == petition_id)
            .where(t.c.kind.in_(list(DEADLINE_OF)))
            .order_by(t.c.due_on, t.c.kind)
        )
    ).all()
    return [
        DeadlineOut(
            deadline=DEADLINE_OF[r.kind],
            due_on=r.due_on,
            state=r.state,
            met_on=r.met_on,
            provisional=r.provisional,
            warning_published=r.warned_for == r.due_on,
            overdue_published=r.overdue_for == r.due_on and deadlines.kinds[r.kind].overdue_event is not None,
        )
        for r in rows
    ]


async def provisional_deadlines(session: Any, petition_id: str) -> list[PetitionDeadlineKind]:
    """The petition's running deadlines whose dates are provisional (a year without holiday data)."""
    t = deadlines.table
    kinds = await session.scalars(
        sa.select(t.c.kind)
        .where(t.c.subject_id == petition_id, t.c.kind.in_(list(DEADLINE_OF)))
        .where(t.c.state.in_(("open", "paused")), t.c.provisional.is_(True))
        .order_by(t.c.due_on, t.c.kind)
    )
    return [DEADLINE_OF[k] for k in kinds]


class Compliance(BaseModel):
    on_time: int = Field(description="met on or before the due date")
    late: int = Field(description="met after the due date")
    overdue: int = Field(description="still running and past the due date")
    running: int = Field(description="still running, not yet due")
    on_time_rate: float | None = Field(description="on_time / (on_time + late + overdue); null when none is due")

    @classmethod
    def of(cls, c: Mapping[str, int]) -> Compliance:
        """From counts of on_time, late, overdue and running (a missing one is 0), with the rate."""
        on_time, late, overdue, running = (c.get(k, 0) for k in ("on_time", "late", "overdue", "running"))
        due = on_time + late + overdue
        return cls(
            on_time=on_time,
            late=late,
            overdue=overdue,
            running=running,
            on_time_rate=round(on_time / due, 4) if due else None,
        )


class PetitionStats(BaseModel):
    total: int = Field(description="petitions registered, repeats linked to an open one excluded")
    repeats_linked: int
    by_class: dict[str, int]
    by_category: dict[str, int]
    by_channel: dict[str, int]
    by_region: dict[str, int]
    by_month: dict[str, int] = Field(description="YYYY-MM of receipt")
    deadlines: dict[str, Compliance] = Field(description="per deadline kind")


async def stats(session: Any, f: PetitionFilter, today: date, recount: bool = False) -> PetitionStats:
    """By class, category, channel, region and month of receipt; on-time rates per deadline as of `today`.

    The counts of petitions come from the tallies the commands keep (`tallies.py`: three small GROUP
    BYs) when the filters are ones they hold (a region, whole months); otherwise, or with `recount`,
    every figure is a GROUP BY over the filtered petitions (one statement per breakdown, through the
    indexes of the filters). The deadlines' outcomes depend on `today`: one GROUP BY over them. No
    petition row comes back to Python."""
    where = f.where()
    months = tallies.whole_months(f.received_from, f.received_to)
    # the tallies hold a region and months of receipt: any other filter (one added later too) recounts
    held = replace(f, region=None, received_from=None, received_to=None) == PetitionFilter(
        names_visible=f.names_visible
    )
    counts = (
        await tallies.read(session, f.region, months)
        if held and months is not None and not recount
        else await _counted(session, where)
    )
    return PetitionStats(**counts, deadlines=await _compliance(session, where, today))


async def _counted(session: Any, where: list[Any]) -> dict[str, Any]:
    P = Petition
    counted = [*where, P.state != PetitionState.linked.value]

    async def count(key: Any) -> dict[str, int]:
        rows = (await session.execute(sa.select(key, sa.func.count()).where(*counted).group_by(key))).all()
        out: Counter[str] = Counter()
        for value, n in rows:
            out[str(getattr(value, "value", value)) if value is not None else "unknown"] += n
        return dict(sorted(out.items()))

    by_state = dict(
        (
            await session.execute(
                sa.select(P.state == PetitionState.linked.value, sa.func.count())
                .where(*where)
                .group_by(P.state == PetitionState.linked.value)
            )
        ).all()
    )
    year, month = sa.extract("year", P.received_on), sa.extract("month", P.received_on)
    months = (
        await session.execute(sa.select(year, month, sa.func.count()).where(*counted).group_by(year, month))
    ).all()
    return {
        "total": int(by_state.get(False, 0)),
        "repeats_linked": int(by_state.get(True, 0)),
        "by_class": await count(P.petition_class),
        "by_category": await count(P.category),
        "by_channel": await count(P.channel),
        "by_region": await count(P.region),
        "by_month": {f"{int(y):04d}-{int(m):02d}": n for y, m, n in sorted(months)},
    }


def _outcomes(t: sa.Table, today: date) -> list[Any]:
    """Per deadline kind and state: how many were met by their date, how many were due before `today`,
    and how many in all. The groups follow `ix_deadlines_outcome` (kind, state), so the statement reads
    that index once with no sort; `_tally` turns a row into on time, late, overdue and running."""
    return [
        sa.func.sum(sa.case((t.c.met_on <= t.c.due_on, 1), else_=0)),
        sa.func.sum(sa.case((t.c.due_on < today, 1), else_=0)),
        sa.func.count(),
    ]


def _tally(c: Counter[str], state: str, by_date: int, before_today: int, n: int) -> None:
    if state == "met":  # final: met by the due date or after it
        c["on_time"] += int(by_date or 0)
        c["late"] += n - int(by_date or 0)
    else:  # open or paused: overdue once the date has passed
        c["overdue"] += int(before_today or 0)
        c["running"] += n - int(before_today or 0)


SUPERVISED = [code for code, kind in DEADLINE_OF.items() if kind not in UNSUPERVISED]


async def _compliance(session: Any, where: list[Any], today: date) -> dict[str, Compliance]:
    P = Petition
    t = deadlines.table
    dl = (
        await session.execute(
            sa.select(t.c.kind, t.c.state, *_outcomes(t, today))
            .where(t.c.kind.in_(SUPERVISED), t.c.state != "cancelled")
            .where(t.c.subject_id.in_(sa.select(P.id).where(*where)) if where else sa.true())
            .group_by(t.c.kind, t.c.state)
        )
    ).all()
    compliance: dict[PetitionDeadlineKind, Counter[str]] = {
        k: Counter() for k in PetitionDeadlineKind if k not in UNSUPERVISED
    }
    for kind_code, state, by_date, before_today, n in dl:
        _tally(compliance[DEADLINE_OF[kind_code]], state, by_date, before_today, n)
    return {k.value: Compliance.of(c) for k, c in compliance.items()}


@dataclass(frozen=True)
class ReportRow:
    category: str
    petition_class: str
    state: str
    petitions: int
    deadlines: Compliance


async def report(session: Any, f: PetitionFilter, today: date) -> list[ReportRow]:
    """The table an office reports upward: petitions by category, class and state (repeats linked to
    an open one left out, as in `stats`), each with its supervised deadlines met on time, late,
    overdue and running as of `today`, and the on-time share. Counts only: no personal field."""
    where = [*f.where(), Petition.state != PetitionState.linked]
    t = deadlines.table
    group = (Petition.category, Petition.petition_class, Petition.state)

    def key(category: str | None, petition_class: Any, state: Any) -> tuple[str, str, str]:
        return (
            category or "unknown",
            str(getattr(petition_class, "value", petition_class)),
            str(getattr(state, "value", state)),
        )

    petitions: Counter[tuple[str, str, str]] = Counter()
    for *g, n in (await session.execute(sa.select(*group, sa.func.count()).where(*where).group_by(*group))).all():
        petitions[key(*g)] += n
    met: dict[tuple[str, str, str], Counter[str]] = {g: Counter() for g in petitions}
    dl = (
        await session.execute(
            sa.select(*group, t.c.state, *_outcomes(t, today))
            .join(t, t.c.subject_id == Petition.id)
            .where(*where, t.c.kind.in_(SUPERVISED), t.c.state != "cancelled")
            .group_by(*group, t.c.state)
        )
    ).all()
    for category, petition_class, state, d_state, by_date, before_today, n in dl:
        _tally(met[key(category, petition_class, state)], d_state, by_date, before_today, n)

    return [ReportRow(*g, petitions=n, deadlines=Compliance.of(met[g])) for g, n in sorted(petitions.items())]
