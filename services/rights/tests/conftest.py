"""rights' HTTP app in process, on SQLite at a fixed time, without relay or consumers (no NATS):
`await rights_app(roles, cadre_id=...)` is a client signed in with those roles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from qiaolian_chassis.testing import InProcess, in_process
from qiaolian_rights.app import definition

Client = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def rights(tmp_path: Path) -> AsyncIterator[InProcess]:
    async with in_process(definition(), datetime(2026, 3, 2, 2, tzinfo=UTC), tmp_path, env="dev") as svc:
        await svc.add_staff("c1", "c2", "h1", office="rights")  # rights' staff: clerks c1, c2 and the head h1
        yield svc


@pytest.fixture
def rights_app(rights: InProcess) -> FastAPI:
    return rights.app


@pytest.fixture
async def as_(rights: InProcess) -> AsyncIterator[Client]:
    """`as_({"rights.clerk"}, cadre_id="c1")`: a client of rights signed in with those roles."""
    made: list[httpx.AsyncClient] = []

    def client(roles: set[str] | None = None, **claims: Any) -> httpx.AsyncClient:
        c = rights.client(roles, **claims)
        made.append(c)
        return c

    yield client
    for c in made:
        await c.aclose()
