"""Deadlines a service owns, and the scheduler that publishes `deadline_approaching` and `overdue`.

A service declares its kinds of deadline (`DeadlineKind`), sets, moves, pauses, resumes and meets
deadlines inside its commands' units of work, and the scheduler turns the due ones into events
through the outbox. Each fact is published once per deadline date:
- the flags live in the same row, changed in the same transaction as the outbox append, so a
  restart neither loses nor repeats one;
- a met or cancelled deadline publishes nothing more;
- a moved deadline (a new due date, e.g. an extension or a resumed clock) may warn and fall overdue
  again for its new date, never for the old one.

The holiday calendar past its data (DESIGN.md, "Deadlines and time"): a due date the calendar counted
(`qiaolian_contracts.calendar.Reckoned`) is stored with how it was counted; it is `provisional` while a
year it reaches has no holiday data. When the calendar changes (a year added or corrected, read at
start and whenever the operator's files change) the scheduler counts every open such deadline again:
each that moved or stopped being provisional is updated, and its kind's `recounted` hook tells the
service (rights publishes `petition.deadline_changed`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import sqlalchemy as sa

from qiaolian_contracts.calendar import Calendar, Reckoned, default_calendar
from qiaolian_contracts.envelope import Payload
from qiaolian_contracts.ids import new_id

from .clock import Clock, today
from .db import upsert
from .logging import get_logger
from .tables import NAMING, UtcDateTime
from .uow import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)

Which = Literal["approaching", "overdue"]


@dataclass(frozen=True)
class DeadlineKind:
    """A kind of deadline: how early to warn and which facts to publish."""

    name: str
    warn_days: int
    approaching_event: str | None
    overdue_event: str | None
    # (subject id, due date, which) -> the event's payload
    payload: Callable[[str, date, Which], Payload]
    # (unit of work, subject id, new due date, provisional) after the calendar moved it or made it final
    recounted: Callable[[UnitOfWork, str, date, bool], Awaitable[None]] | None = None


def deadlines_table(metadata: sa.MetaData, *, counting: bool = True) -> sa.Table:
    """The table; `counting=False`: as first created, before the calendar's counting columns
    (`add_counting_columns` brings those)."""
    counted: list[sa.schema.SchemaItem] = (
        [
            # how the calendar counted it (null: a date given, not counted), and whether that is provisional
            sa.Column("counted_from", sa.Date, nullable=True),
            sa.Column("period_days", sa.Integer, nullable=True),
            sa.Column("working_days", sa.Boolean, nullable=True),
            sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
        ]
        if counting
        else []
    )
    return sa.Table(
        "deadlines",
        metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),  # open, paused, met, cancelled
        sa.Column("paused_on", sa.Date, nullable=True),
        sa.Column("warned_for", sa.Date, nullable=True),  # the due date a warning was published for
        sa.Column("overdue_for", sa.Date, nullable=True),  # the due date an overdue was published for
        sa.Column("met_on", sa.Date, nullable=True),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        *counted,
        sa.UniqueConstraint("kind", "subject_id", name="uq_deadlines_kind_subject"),
        sa.Index("ix_deadlines_open_due", "state", "due_on"),
    )


def create_deadlines_table(op: Any) -> None:
    """For the migration of a service that starts owning deadlines."""
    deadlines_table(sa.MetaData(naming_convention=NAMING), counting=False).create(op.get_bind())


def add_counting_columns(op: Any) -> None:
    """For the migration that brings an existing deadlines table to the provisional rule."""
    op.add_column("deadlines", sa.Column("counted_from", sa.Date, nullable=True))
    op.add_column("deadlines", sa.Column("period_days", sa.Integer, nullable=True))
    op.add_column("deadlines", sa.Column("working_days", sa.Boolean, nullable=True))
    op.add_column("deadlines", sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()))


def drop_counting_columns(op: Any) -> None:
    with op.batch_alter_table("deadlines") as batch:
        for name in ("provisional", "working_days", "period_days", "counted_from"):
            batch.drop_column(name)


# what setting an existing deadline changes
_MOVED = [
    *("due_on", "state", "paused_on", "met_on", "updated_at"),
    *("counted_from", "period_days", "working_days", "provisional"),
]


class Deadlines:
    def __init__(
        self, metadata: sa.MetaData, kinds: list[DeadlineKind], calendar: Callable[[], Calendar] = default_calendar
    ) -> None:
        self.table = deadlines_table(metadata)
        self.kinds = {k.name: k for k in kinds}
        self.calendar = calendar

    def is_provisional(self, due_on: date) -> bool:
        """A due date the calendar counted through a year it has no data for."""
        return isinstance(due_on, Reckoned) and due_on.provisional(self.calendar())

    async def _row(self, uow: UnitOfWork, kind: str, subject_id: str) -> Any:
        t = self.table
        return (await uow.session.execute(sa.select(t).where(t.c.kind == kind, t.c.subject_id == subject_id))).first()

    async def set(self, uow: UnitOfWork, kind: str, subject_id: str, due_on: date) -> bool:
        """Open a deadline, or move an open one to a new date. Returns whether it is provisional."""
        return (await self.set_many(uow, subject_id, {kind: due_on}))[kind]

    async def set_many(self, uow: UnitOfWork, subject_id: str, dues: dict[str, date]) -> dict[str, bool]:
        """Open (or move) several deadlines of one subject in one statement (an executemany: a command
        that opens two deadlines pays for one). Returns whether each is provisional, by kind."""
        unknown = [k for k in dues if k not in self.kinds]
        if unknown:
            raise KeyError(f"unknown deadline kind {unknown[0]}")
        provisional = {kind: self.is_provisional(due_on) for kind, due_on in dues.items()}
        rows = []
        for kind, due_on in dues.items():
            counted = due_on if isinstance(due_on, Reckoned) else None
            rows.append(
                dict(
                    id=new_id(),
                    kind=kind,
                    subject_id=subject_id,
                    due_on=due_on,
                    state="open",
                    paused_on=None,
                    met_on=None,
                    updated_at=uow.now,
                    counted_from=counted.start if counted else None,
                    period_days=counted.days if counted else None,
                    working_days=counted.working if counted else None,
                    provisional=provisional[kind],
                )
            )
        if rows:
            await uow.session.execute(
                upsert(uow.session, self.table, ["kind", "subject_id"], _MOVED), rows[0] if len(rows) == 1 else rows
            )
        return provisional

    async def _close(self, uow: UnitOfWork, kind: str, subject_id: str, state: str, on: date | None) -> None:
        t = self.table
        await uow.session.execute(
            sa.update(t)
            .where(t.c.kind == kind, t.c.subject_id == subject_id, t.c.state.in_(("open", "paused")))
            .values(state=state, met_on=on, updated_at=uow.now)
        )

    async def meet(self, uow: UnitOfWork, kind: str, subject_id: str, on: date) -> None:
        await self._close(uow, kind, subject_id, "met", on)

    async def cancel(self, uow: UnitOfWork, kind: str, subject_id: str) -> None:
        await self._close(uow, kind, subject_id, "cancelled", None)

    async def pause(self, uow: UnitOfWork, kind: str, subject_id: str, on: date) -> None:
        """Stop the clock (e.g. a hearing during re-review: its time is not counted)."""
        t = self.table
        await uow.session.execute(
            sa.update(t)
            .where(t.c.kind == kind, t.c.subject_id == subject_id, t.c.state == "open")
            .values(state="paused", paused_on=on, updated_at=uow.now)
        )

    async def resume(self, uow: UnitOfWork, kind: str, subject_id: str, on: date) -> date | None:
        """Restart the clock; the due date moves by the days it was paused. Returns the new date."""
        row = await self._row(uow, kind, subject_id)
        if row is None or row.state != "paused":
            return None
        new_due: date = row.due_on + timedelta(days=max(0, (on - row.paused_on).days))
        t = self.table
        await uow.session.execute(
            sa.update(t)
            .where(t.c.id == row.id)
            .values(state="open", paused_on=None, due_on=new_due, updated_at=uow.now)
        )
        return new_due

    async def get(self, conn: Any, kind: str, subject_id: str) -> Any:
        t = self.table
        return (await conn.execute(sa.select(t).where(t.c.kind == kind, t.c.subject_id == subject_id))).first()

    async def recount(self, uow: UnitOfWork, calendar: Calendar | None = None) -> int:
        """Count every open (or paused) deadline the calendar counted again on `calendar` (a year added
        or corrected); update those that moved or stopped being provisional and tell their kind's
        `recounted` hook. Returns how many changed."""
        cal = calendar or self.calendar()
        t = self.table
        rows = (
            await uow.session.execute(
                sa.select(t)
                .where(t.c.state.in_(("open", "paused")), t.c.counted_from.is_not(None))
                .order_by(t.c.due_on, t.c.id)
            )
        ).all()
        changed = 0
        for row in rows:
            old = Reckoned(row.due_on, row.counted_from, row.period_days, bool(row.working_days))
            new = old.recount(cal)
            provisional = new.provisional(cal)
            if new == row.due_on and provisional == row.provisional:
                continue
            await uow.session.execute(
                sa.update(t).where(t.c.id == row.id).values(due_on=new, provisional=provisional, updated_at=uow.now)
            )
            changed += 1
            log.info("deadline_recounted", kind=row.kind, subject_id=row.subject_id, moved=new != row.due_on)
            kind = self.kinds.get(row.kind)
            if kind is not None and kind.recounted is not None:
                await kind.recounted(uow, row.subject_id, new, provisional)
        return changed

    async def run_once(self, uow: UnitOfWork, on: date) -> int:
        """Publish what is due on `on`; returns how many facts were emitted."""
        emitted, _last = await self.run_batch(uow, on)
        return emitted

    async def run_batch(
        self, uow: UnitOfWork, on: date, limit: int | None = None, after: tuple[date, str] | None = None
    ) -> tuple[int, tuple[date, str] | None]:
        """`run_once` over at most `limit` of the rows due, in (due_on, id) order from past `after`:
        returns the facts emitted and the last row's key (None when no row was left), from which the
        next batch goes on. The scheduler writes a large round in several short transactions."""
        t = self.table
        emitted = 0
        q = (
            sa.select(t)
            .where(t.c.state == "open")
            .where(
                sa.or_(t.c.overdue_for.is_(None), t.c.overdue_for != t.c.due_on),
                t.c.due_on <= on + timedelta(days=max((k.warn_days for k in self.kinds.values()), default=0)),
            )
            .order_by(t.c.due_on, t.c.id)
        )
        if after is not None:
            q = q.where(sa.tuple_(t.c.due_on, t.c.id) > sa.tuple_(sa.literal(after[0], sa.Date), after[1]))
        if limit is not None:
            q = q.limit(limit)
        rows = (await uow.session.execute(q)).all()
        overdue: list[dict[str, Any]] = []  # the marks, written as one executemany per shape after the loop
        warned: list[dict[str, Any]] = []
        for row in rows:
            kind = self.kinds.get(row.kind)
            if kind is None:
                continue
            if row.due_on < on:
                if kind.overdue_event:
                    uow.emit(
                        row.subject_id,
                        kind.payload(row.subject_id, row.due_on, "overdue"),
                        event_type=kind.overdue_event,
                    )
                    emitted += 1
                overdue.append({"_id": row.id, "_due": row.due_on})  # overdue_for, and no warning after the fact
            elif row.warned_for != row.due_on and row.due_on - timedelta(days=kind.warn_days) <= on:
                if kind.approaching_event:
                    uow.emit(
                        row.subject_id,
                        kind.payload(row.subject_id, row.due_on, "approaching"),
                        event_type=kind.approaching_event,
                    )
                    emitted += 1
                warned.append({"_id": row.id, "_due": row.due_on})
        # one statement for every row of a shape (a round after a pause or a bulk import marks
        # thousands, all inside this one write transaction), not one each
        by_id = t.c.id == sa.bindparam("_id")
        if overdue:
            await uow.session.execute(
                sa.update(t)
                .where(by_id)
                .values(overdue_for=sa.bindparam("_due"), warned_for=sa.bindparam("_due"), updated_at=uow.now),
                overdue,
            )
        if warned:
            await uow.session.execute(
                sa.update(t).where(by_id).values(warned_for=sa.bindparam("_due"), updated_at=uow.now), warned
            )
        last = (rows[-1].due_on, rows[-1].id) if rows and (limit is None or len(rows) >= limit) else None
        return emitted, last


# the day from which next year's holiday data is expected (the State Council publishes it in the autumn)
CALENDAR_DUE_FROM = (11, 1)


def calendar_missing(on: date, calendar: Calendar) -> int | None:
    """The year whose holiday data is missing and needed now: this year's, or from 1 November next
    year's (readiness warns and office's board shows an item for the operator until it is added)."""
    if not calendar.covers(on.year):
        return on.year
    if (on.month, on.day) >= CALENDAR_DUE_FROM and not calendar.covers(on.year + 1):
        return on.year + 1
    return None


def calendar_warning(on: date, calendar: Calendar) -> str | None:
    year = calendar_missing(on, calendar)
    if year is None:
        return None
    return (
        f"holiday calendar: no data for {year}; deadlines counted into it are provisional "
        f"(add it: qiaolian calendar add {year}.json)"
    )


ROUND_BATCH = 200  # deadlines one scheduler transaction marks (about 15 ms of the write lock on SQLite)

# a periodic job of a service: (unit of work, today's Beijing date) -> how many facts it emitted
Sweep = Callable[[UnitOfWork, date], Awaitable[int]]


class Scheduler:
    """Runs `Deadlines.run_once` every `interval_s` for today's Beijing date."""

    def __init__(
        self,
        deadlines: Deadlines,
        uow: UnitOfWorkFactory,
        clock: Clock,
        interval_s: float,
        sweeps: Sequence[Sweep] = (),
    ) -> None:
        self.deadlines = deadlines
        self.uow = uow
        self.clock = clock
        self.interval_s = interval_s
        self.sweeps = tuple(sweeps)
        self._counted_on: Calendar | None = None  # the calendar the open deadlines were last counted on

    async def tick(self) -> int:
        """The deadlines counted again if the calendar changed (and once after start), the service's
        sweeps (what lapses by itself, e.g. a review window), then the deadlines due."""
        on = today(self.clock)
        n = 0
        calendar = self.deadlines.calendar()
        async with self.uow() as uow:
            if calendar is not self._counted_on:
                n += await self.deadlines.recount(uow, calendar)
            for sweep in self.sweeps:
                n += await sweep(uow, on)
            emitted, after = await self.deadlines.run_batch(uow, on, ROUND_BATCH)
            n += emitted
        self._counted_on = calendar  # after the commit: a failed round counts again
        # the rest of a large round (after a pause, a bulk import) in transactions of ROUND_BATCH rows,
        # each its marks and its facts together: the commands waiting to write get their turn between
        while after is not None:
            async with self.uow() as uow:
                emitted, after = await self.deadlines.run_batch(uow, on, ROUND_BATCH, after)
            n += emitted
        return n

    async def run(self) -> None:
        while True:
            try:
                n = await self.tick()
                if n:
                    log.info("deadlines_published", count=n)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("deadline_scheduler_failed")
            await asyncio.sleep(self.interval_s)
