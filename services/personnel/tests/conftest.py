"""personnel on a migrated SQLite file (the chassis's `service_at`), with a clock the tests move."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from qiaolian_chassis.testing import ServiceAt, ServiceDb
from qiaolian_personnel.app import definition


class PersonnelDb(ServiceDb):
    async def events(self, fact: str = "") -> list[dict[str, Any]]:
        """The envelopes in the outbox of `fact` ("cadre.appointed"; all when empty), oldest first."""
        return await self.outbox(f".{fact}.v1" if fact else "")

    async def run(self, fn: Any, *args: Any, **kw: Any) -> Any:
        """`fn(uow, *args, **kw)` in a unit of work of its own."""
        async with self.uow() as u:
            return await fn(u, *args, **kw)


@pytest.fixture
async def personnel(service_at: ServiceAt) -> PersonnelDb:
    s = await service_at(definition(), datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # 10:00 in Beijing
    return PersonnelDb(s.definition, s.db, s.uow, s.clock)
