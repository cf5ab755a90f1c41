"""office on a migrated SQLite file (the chassis's `service_at`), and what its board holds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.testing import ServiceAt, ServiceDb
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
