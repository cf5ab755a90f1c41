"""office on a migrated SQLite file (the chassis's `service_at`), and what its board holds; `svc`, office's
whole app in process on SQLite and on a fresh PostgreSQL database, with its HTTP client, board and
outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.testing import InProcess, ServiceAt, ServiceDb, database_url, in_process
from qiaolian_office.app import definition
from qiaolian_office.supervision.tables import SupervisionItem


class OfficeDb(ServiceDb):
    async def board(self) -> list[tuple[str, str, str]]:
        """(kind, source id, state) of every item on the supervision board."""
        async with self.db.engine.connect() as conn:
            rows = (
                await conn.execute(sa.select(SupervisionItem.kind, SupervisionItem.source_id, SupervisionItem.state))
            ).all()
        return [tuple(r) for r in rows]

    def on(self, day: date) -> None:
        """Move the clock to `day` (Beijing date), at the same time of day: the commands' today."""
        now = self.clock.at.astimezone(CHINA)
        self.clock.at = datetime.combine(day, now.timetz()).astimezone(UTC)


@pytest.fixture
def office_at(service_at: ServiceAt) -> Callable[[datetime], Awaitable[OfficeDb]]:
    """office migrated on a new SQLite file, its units of work at the time given."""

    async def at(now: datetime) -> OfficeDb:
        s = await service_at(definition(), now)
        return OfficeDb(s.definition, s.db, s.uow, s.clock)

    return at


@pytest.fixture
async def office(office_at: Callable[[datetime], Awaitable[OfficeDb]]) -> OfficeDb:
    return await office_at(datetime(2026, 3, 1, tzinfo=UTC))


class InProcessOffice(InProcess):
    """office's app and its service object (db, uow, clock, definition), at 2026-03-01 10:00 Beijing,
    cadre c1 (李明, office) in its staff directory."""

    async def board(self, kind: str) -> dict[str, tuple[str, str, date]]:
        """source id → (office, state, due date) of the board's items of `kind`."""
        i = SupervisionItem
        async with self.db.engine.connect() as c:
            rows = (await c.execute(sa.select(i.source_id, i.office, i.state, i.due_on).where(i.kind == kind))).all()
        return {r.source_id: (r.office, r.state, r.due_on) for r in rows}


@pytest.fixture(params=["sqlite", "postgresql"])
async def svc(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[InProcessOffice]:
    """office in process on a SQLite file, and on a fresh PostgreSQL database when QIAOLIAN_TEST_DATABASE_URL
    is set (skipped otherwise)."""
    async with (
        database_url(request.param, tmp_path) as url,
        in_process(definition(), datetime(2026, 3, 1, 2, tzinfo=UTC), url) as s,
    ):
        office = InProcessOffice(s.definition, s.db, s.uow, s.clock, s.app)
        await office.add_staff("c1", name="李明", office="office", appointment_id="a1")
        yield office
