"""The testing fixture every service's tests share: a service on a migrated SQLite file at a fixed
time, with an outbox reader. A pytest plugin (the repository's conftest.py loads it):

    async def test_x(service_at):
        office = await service_at(definition(), datetime(2026, 3, 1, tzinfo=timezone.utc))
        async with office.uow() as uow: ...
        assert await office.facts("task.assigned.v1") == [...]

Calls for one service share its database file; each call has a clock of its own (`clock.advance`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from .clock import FixedClock
from .db import Database
from .service import ServiceDefinition
from .uow import UnitOfWorkFactory


@dataclass
class ServiceDb:
    definition: ServiceDefinition
    db: Database
    uow: UnitOfWorkFactory
    clock: FixedClock

    async def outbox(self, suffix: str = "") -> list[dict[str, Any]]:
        """The envelopes in the outbox whose type ends with `suffix`, oldest first."""
        outbox = self.definition.tables.outbox
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
        return [json.loads(r.payload) for r in rows if r.event_type.endswith(suffix)]

    async def facts(self, suffix: str = "") -> list[dict[str, Any]]:
        """The payloads (`data`) of the events in the outbox whose type ends with `suffix`, oldest first."""
        return [e["data"] for e in await self.outbox(suffix)]


ServiceAt = Callable[[ServiceDefinition, datetime], Awaitable[ServiceDb]]


@pytest.fixture
async def service_at(tmp_path: Path) -> AsyncIterator[ServiceAt]:
    """`await service_at(definition, now)`: the service migrated on a SQLite file under tmp_path, its
    units of work at `now` (and later, through the returned clock)."""
    made: list[Database] = []

    async def at(definition: ServiceDefinition, now: datetime) -> ServiceDb:
        db = Database(
            f"sqlite+aiosqlite:///{tmp_path}/{definition.name}.db", definition.metadata, definition.migrations
        )
        await db.migrate()
        made.append(db)
        clock = FixedClock(now)
        return ServiceDb(
            definition,
            db,
            UnitOfWorkFactory(db, definition.name, definition.tables, on_commit=lambda: None, clock=clock.now),
            clock,
        )

    yield at
    for db in made:
        await db.dispose()
