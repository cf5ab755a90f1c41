"""SQLite under concurrency: writers of one process take turns without SQLite's busy handler, readers
are never held up by a writer, another process's lock is waited for without stopping the event loop;
and a request's id becomes the correlation id of the events it causes."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from qiaolian_chassis import sqlite_inline
from qiaolian_chassis.db import Database
from qiaolian_chassis.http import create_app
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.rights import Channel, ConsultationAnswered, ConsultationKind

metadata = new_metadata()
tables = ChassisTables.on(metadata)
counters = sa.Table(
    "counters", metadata, sa.Column("id", sa.String(10), primary_key=True), sa.Column("n", sa.Integer, nullable=False)
)


async def _db(tmp_path: Path) -> tuple[Database, UnitOfWorkFactory]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/t.db", metadata, tmp_path)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(sa.insert(counters).values(id="c", n=0))
    return db, UnitOfWorkFactory(
        db, "rights", tables, on_commit=lambda: None, clock=lambda: datetime(2026, 3, 1, tzinfo=UTC)
    )


async def test_concurrent_writers_all_commit_and_a_reader_is_not_held_up_by_a_writer(tmp_path: Path) -> None:
    db, uow = await _db(tmp_path)
    held, release = asyncio.Event(), asyncio.Event()

    async def slow_writer() -> None:
        async with uow() as u:
            await u.session.execute(sa.update(counters).values(n=counters.c.n + 100))
            held.set()
            await release.wait()

    async def increment() -> None:
        async with uow() as u:
            n = await u.session.scalar(sa.select(counters.c.n))  # read, then write: a lost update if interleaved
            await u.session.execute(sa.update(counters).values(n=n + 1))

    writer = asyncio.create_task(slow_writer())
    await held.wait()
    async with db.sessions() as s:  # a query while the write transaction is open: answered at once
        assert await asyncio.wait_for(s.scalar(sa.select(counters.c.n)), timeout=2) == 0
    others = [asyncio.create_task(increment()) for _ in range(20)]
    await asyncio.sleep(0.1)
    assert not any(t.done() for t in others)  # writers wait for their turn ...
    release.set()
    await asyncio.wait_for(asyncio.gather(writer, *others), timeout=10)  # ... and all get it
    async with db.engine.connect() as conn:
        assert await conn.scalar(sa.select(counters.c.n)) == 120
    await db.dispose()


async def test_a_request_id_is_echoed_and_correlates_the_events_of_the_command(tmp_path: Path) -> None:
    db, uow = await _db(tmp_path)

    async def nothing() -> None: ...

    async def ready() -> dict[str, str]:
        return {}

    app = create_app(
        title="t", description="t", lifespan_hooks=(nothing, nothing), ready_check=ready, asyncapi_doc=dict
    )

    @app.post("/consultations", status_code=201)
    async def answer() -> dict[str, str]:
        async with uow() as u:
            u.emit(
                "c1",
                ConsultationAnswered(
                    consultation_id="c1",
                    kind=ConsultationKind.legal,
                    topic="property",
                    channel=Channel.letter,
                    received_on=date(2026, 3, 1),
                    answered_on=date(2026, 3, 2),
                ),
            )
        return {"id": "c1"}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://rights") as client:
        r = await client.post("/consultations", headers={"x-request-id": "req-42"})
        assert r.status_code == 201, r.text
        assert r.headers["x-request-id"] == "req-42"
        anonymous = await client.get("/health/live")
        assert len(anonymous.headers["x-request-id"]) == 36  # one is made up when none is given
    async with db.engine.connect() as conn:
        payloads = (await conn.execute(sa.select(tables.outbox.c.payload))).scalars().all()
    assert payloads and all(json.loads(p)["correlationid"] == "req-42" for p in payloads)
    await db.dispose()


async def _lock_in_another_process(path: Path, seconds: float) -> asyncio.subprocess.Process:
    """A process that takes the database's write lock, holds it `seconds`, then commits."""
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sqlite3, time\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        f"c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep({seconds}); c.execute('COMMIT')\n",
        stdout=asyncio.subprocess.PIPE,
    )
    assert holder.stdout is not None and (await holder.stdout.readline()).strip() == b"locked"
    return holder


async def test_a_write_lock_held_by_another_process_is_waited_for_without_stopping_the_event_loop(
    tmp_path: Path, monkeypatch: Any
) -> None:
    db, uow = await _db(tmp_path)
    holder = await _lock_in_another_process(tmp_path / "t.db", 0.6)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    t = asyncio.create_task(ticker())
    started = asyncio.get_running_loop().time()
    async with uow() as u:  # waits for the other process's commit
        await u.session.execute(sa.update(counters).values(n=7))
    waited = asyncio.get_running_loop().time() - started
    t.cancel()
    await holder.wait()
    assert waited > 0.3 and ticks > waited / 0.01 / 3  # the loop kept serving while it waited
    async with db.engine.connect() as conn:
        assert await conn.scalar(sa.select(counters.c.n)) == 7

    # a lock that is never released: the command fails after BUSY_TIMEOUT_S, it does not hang
    monkeypatch.setattr(sqlite_inline, "BUSY_TIMEOUT_S", 0.2)
    holder = await _lock_in_another_process(tmp_path / "t.db", 5)
    try:
        with pytest.raises(sa.exc.OperationalError, match="locked"):
            async with uow() as u:
                await u.session.execute(sa.update(counters).values(n=8))
    finally:
        holder.kill()
        await holder.wait()
    await db.dispose()


async def test_the_wal_is_checkpointed_into_the_database_file_off_the_event_loop(tmp_path: Path) -> None:
    db, uow = await _db(tmp_path)
    main_file = tmp_path / "t.db"
    before = main_file.stat().st_size
    async with uow() as u:  # 4 MB: far below the commits' own auto-checkpoint (40 MB)
        await u.session.execute(
            sa.insert(tables.dead_letters),
            [
                {
                    "consumer": "c",
                    "stream": "S",
                    "stream_seq": i,
                    "subject": "s",
                    "deliveries": 1,
                    "error": "e",
                    "payload": bytes(4096),
                    "created_at": datetime(2026, 3, 1, tzinfo=UTC),
                }
                for i in range(1000)
            ],
        )
    assert main_file.stat().st_size - before < 1_000_000  # committed to the WAL only
    for _ in range(40):
        if main_file.stat().st_size - before > 4_000_000:
            break
        await asyncio.sleep(0.05)
    assert main_file.stat().st_size - before > 4_000_000  # copied into the file by the checkpointer
    await db.dispose()


@pytest.mark.parametrize(("durability", "expected"), [(None, 2), ("durable", 2), ("fast", 1)])
async def test_sqlite_commits_are_on_disk_unless_fast_is_asked_for(
    tmp_path: Path, durability: str | None, expected: int
) -> None:
    """WAL with synchronous=FULL (2) by default: the WAL is fsynced at every commit; `fast` is NORMAL (1)."""
    args = () if durability is None else (durability,)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/d.db", metadata, tmp_path, *args)
    try:
        async with db.engine.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
            assert (await conn.exec_driver_sql("PRAGMA synchronous")).scalar() == expected
    finally:
        await db.dispose()
