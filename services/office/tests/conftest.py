"""office on a migrated SQLite file: a unit-of-work factory at a fixed time, and what the outbox and board hold."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from qiaolian_chassis.db import Database
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_office.app import definition
from qiaolian_office.persistence import SupervisionItem


@dataclass
class OfficeDb:
    db: Database
    uow: UnitOfWorkFactory

    async def facts(self, suffix: str) -> list[dict]:
        """The payloads of the events in the outbox whose type ends with `suffix`, oldest first."""
        outbox = definition().tables.outbox
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
        return [json.loads(r.payload)["data"] for r in rows if r.event_type.endswith(suffix)]

    async def board(self) -> list[tuple[str, str, str]]:
        """(kind, source id, state) of every item on the supervision board."""
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(sa.select(SupervisionItem.kind, SupervisionItem.source_id,
                                                 SupervisionItem.state))).all()
        return [tuple(r) for r in rows]


@pytest.fixture
async def office_at(tmp_path: Path) -> AsyncIterator[Callable[[datetime], Awaitable[OfficeDb]]]:
    """office migrated on a new SQLite file, its units of work at the time given."""
    made: list[Database] = []

    async def at(now: datetime) -> OfficeDb:
        d = definition()
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/office.db", d.metadata, d.migrations)
        await db.migrate()
        made.append(db)
        return OfficeDb(db, UnitOfWorkFactory(db, "office", d.tables, on_commit=lambda: None, clock=lambda: now))

    yield at
    for db in made:
        await db.dispose()


@pytest.fixture
async def office(office_at: Callable[[datetime], Awaitable[OfficeDb]]) -> OfficeDb:
    return await office_at(datetime(2026, 3, 1, tzinfo=timezone.utc))
