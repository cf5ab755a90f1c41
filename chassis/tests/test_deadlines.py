"""The deadline scheduler: each fact once per deadline date, across restarts, moves, pauses and meets."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from qiaolian_chassis import deadlines as deadlines_module
from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.db import Database
from qiaolian_chassis.deadlines import DeadlineKind, Deadlines, Scheduler
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.rights import PetitionDeadline, PetitionDeadlineKind

KIND = "petition_first_decision"
metadata = new_metadata()
tables = ChassisTables.on(metadata)
# a kind of deadline as a service declares one: warn 3 days before, publish both facts
deadlines = Deadlines(
    metadata,
    [
        DeadlineKind(
            KIND,
            3,
            "qiaolian.rights.petition.deadline_approaching.v1",
            "qiaolian.rights.petition.overdue.v1",
            lambda subject_id, due_on, _which: PetitionDeadline(
                petition_id=subject_id, deadline=PetitionDeadlineKind.first_decision, due_on=due_on
            ),
        )
    ],
)


async def setup(tmp_path: Path) -> tuple[Database, UnitOfWorkFactory]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/rights.db", metadata, tmp_path)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)  # idempotent: a restart finds the tables
    return db, UnitOfWorkFactory(
        db, "rights", tables, on_commit=lambda: None, clock=lambda: datetime(2026, 3, 1, tzinfo=UTC)
    )


async def published(db: Database) -> list[tuple[str, str, str]]:
    outbox = tables.outbox
    async with db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
    return [
        (
            r.event_type.split(".")[3],
            json.loads(r.payload)["data"]["petition_id"],
            json.loads(r.payload)["data"]["due_on"],
        )
        for r in rows
    ]


async def tick(uow: UnitOfWorkFactory, on: date) -> int:
    async with uow() as u:
        return await deadlines.run_once(u, on)


async def test_warns_once_then_overdue_once_and_survives_a_restart(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    async with uow() as u:
        await deadlines.set(u, KIND, "p1", date(2026, 3, 17))
    assert await tick(uow, date(2026, 3, 13)) == 0  # 4 days before: quiet
    assert await tick(uow, date(2026, 3, 14)) == 1  # 3 days before: approaching
    assert await tick(uow, date(2026, 3, 15)) == 0
    await db.dispose()
    db, uow = await setup(tmp_path)  # a restart: state is in the database
    assert await tick(uow, date(2026, 3, 17)) == 0  # due today is not yet overdue
    assert await tick(uow, date(2026, 3, 18)) == 1
    assert await tick(uow, date(2026, 3, 25)) == 0
    assert await published(db) == [("deadline_approaching", "p1", "2026-03-17"), ("overdue", "p1", "2026-03-17")]
    await db.dispose()


async def test_a_met_deadline_is_quiet_and_a_moved_one_counts_from_its_new_date(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    async with uow() as u:
        await deadlines.set(u, KIND, "met", date(2026, 3, 17))
        await deadlines.set(u, KIND, "moved", date(2026, 3, 17))
    assert await tick(uow, date(2026, 3, 15)) == 2
    async with uow() as u:
        await deadlines.meet(u, KIND, "met", date(2026, 3, 16))
        await deadlines.set(u, KIND, "moved", date(2026, 4, 16))  # e.g. an approved extension
    assert await tick(uow, date(2026, 3, 20)) == 0  # neither the met one nor the old date fire
    assert await tick(uow, date(2026, 4, 14)) == 1
    assert await tick(uow, date(2026, 4, 17)) == 1
    assert [e for e in await published(db) if e[1] == "moved"] == [
        ("deadline_approaching", "moved", "2026-03-17"),
        ("deadline_approaching", "moved", "2026-04-16"),
        ("overdue", "moved", "2026-04-16"),
    ]
    await db.dispose()


async def test_paused_clock_does_not_run_and_resume_moves_the_date(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    async with uow() as u:
        await deadlines.set(u, KIND, "p", date(2026, 3, 17))
        await deadlines.pause(u, KIND, "p", date(2026, 3, 10))  # a hearing starts
    assert await tick(uow, date(2026, 3, 20)) == 0  # paused: not overdue
    async with uow() as u:
        new_due = await deadlines.resume(u, KIND, "p", date(2026, 3, 15))  # five days of hearing
    assert new_due == date(2026, 3, 22)
    assert await tick(uow, date(2026, 3, 23)) == 1
    assert await published(db) == [("overdue", "p", "2026-03-22")]
    await db.dispose()


async def test_a_round_over_many_deadlines_publishes_each_fact_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a round after a pause (or a bulk import) finds many rows due at once; the scheduler writes
    # their marks and facts in several transactions of a few rows, and the next round finds none of
    # them again
    monkeypatch.setattr(deadlines_module, "ROUND_BATCH", 40)
    db, uow = await setup(tmp_path)
    clock = FixedClock(datetime(2026, 3, 15, 2, tzinfo=UTC))
    scheduler = Scheduler(deadlines, uow, clock, 60.0)
    dues = {"late": date(2026, 3, 10), "near": date(2026, 3, 17), "far": date(2026, 4, 30)}
    async with uow() as u:
        for name, due in dues.items():
            for i in range(150):
                await deadlines.set(u, KIND, f"{name}-{i}", due)
    assert await scheduler.tick() == 300  # 150 overdue, 150 approaching, the far ones quiet
    assert await scheduler.tick() == 0
    clock.advance(days=3)
    assert await scheduler.tick() == 150  # the near ones overdue now, the late ones not again
    facts = await published(db)
    assert len(facts) == len(set(facts)) == 450
    assert {(f[0], f[1].split("-")[0]) for f in facts} == {
        ("overdue", "late"),
        ("deadline_approaching", "near"),
        ("overdue", "near"),
    }
    await db.dispose()
