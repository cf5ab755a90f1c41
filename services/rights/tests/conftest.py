"""rights' HTTP app in process, on SQLite at a fixed time, without relay or consumers (no NATS):
`await rights_app(roles, cadre_id=...)` is a client signed in with those roles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_rights.app import definition
from qiaolian_rights.database import staff

Client = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def rights_app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    app = build_app(
        definition(),
        ServiceSettings(
            service="rights",
            database_url=f"sqlite+aiosqlite:///{tmp_path}/r.db",
            nats_url="nats://127.0.0.1:1",
            env="dev",
        ),
        clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)),
    )
    svc = app.state.service
    await svc.db.migrate()
    async with svc.uow() as u:  # rights' staff: clerks c1, c2 and the head h1
        for cadre_id in ("c1", "c2", "h1"):
            await u.session.execute(
                sa.insert(staff.table).values(
                    cadre_id=cadre_id,
                    name="王芳",
                    office="rights",
                    post="科員",
                    since=date(2025, 1, 1),
                    appointment_id=cadre_id,
                )
            )
    yield app
    await app.state.service.db.dispose()


@pytest.fixture
async def as_(rights_app: FastAPI) -> AsyncIterator[Client]:
    """`as_({"rights.clerk"}, cadre_id="c1")`: a client of rights signed in with those roles."""
    made: list[httpx.AsyncClient] = []

    def client(roles: set[str] | None = None, **claims: Any) -> httpx.AsyncClient:
        c = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=rights_app, raise_app_exceptions=False),
            base_url="http://rights",
            auth=TokenAuth("rights", roles, **claims),
        )
        made.append(c)
        return c

    yield client
    for c in made:
        await c.aclose()
