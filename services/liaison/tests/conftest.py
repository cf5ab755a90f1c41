"""liaison on a migrated SQLite file (the chassis's `service_at`), on 2027-01-04 in Beijing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qiaolian_chassis.testing import ServiceAt, ServiceDb
from qiaolian_liaison.app import definition


@pytest.fixture
async def liaison(service_at: ServiceAt) -> ServiceDb:
    return await service_at(definition(), datetime(2027, 1, 4, 2, 0, tzinfo=UTC))
