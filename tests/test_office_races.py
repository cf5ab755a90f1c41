"""Simultaneous requests that create the same thing on office's PostgreSQL database: the one that
commits first is 201, every other one is 409 naming the key, none is 500.

Each command checks for the existing row and then inserts; on PostgreSQL (read committed) the
requests all pass the check before any commits, and the unique key stops all but one. SQLite takes
the write lock at BEGIN, so the race cannot happen there; the chassis unit test covers its errors.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_office.app import definition

pytestmark = pytest.mark.postgres


@pytest.fixture
async def office(pg_database: str) -> AsyncIterator[httpx.AsyncClient]:
    # the HTTP app on PostgreSQL, without its relay and consumers: these commands do not need NATS
    app = build_app(definition(), ServiceSettings(service="office", database_url=pg_database,
                                                  nats_url="nats://127.0.0.1:1"))
    await app.state.service.db.migrate()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                 base_url="http://office") as client:
        yield client
    await app.state.service.db.dispose()


async def all_at_once(client: httpx.AsyncClient, path: str, body: dict, n: int = 8) -> list[httpx.Response]:
    return await asyncio.gather(*(client.post(path, json=body) for _ in range(n)))


async def test_filing_the_same_source_at_once_files_it_once_and_the_others_get_409(office) -> None:
    source = f"case-{uuid.uuid4().hex[:8]}"
    body = {"source_kind": "case", "source_id": source, "title": "歸僑房產案", "office": "rights",
            "retention_years": 10}
    responses = await all_at_once(office, "/archives", body)
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7, [r.text for r in responses]
    # a request that checked after the winner committed is told so by the command; one that checked
    # before meets the unique key, and the chassis names the key (never the values)
    for conflict in (r.json() for r in responses if r.status_code == 409):
        assert source not in conflict["detail"]
        assert conflict.get("key", ["source_kind", "source_id"]) == ["source_kind", "source_id"]
    listed = (await office.get("/archives", params={"source_kind": "case", "limit": 500})).json()["items"]
    assert [a["source_id"] for a in listed].count(source) == 1


async def test_registering_the_same_plate_at_once_registers_one_vehicle(office) -> None:
    plate = f"湘A{uuid.uuid4().hex[:5].upper()}"
    responses = await all_at_once(office, "/vehicles", {"plate": plate, "seats": 5})
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7, [r.text for r in responses]
    fleet = (await office.get("/vehicles", params={"limit": 500})).json()["items"]
    assert [v["plate"] for v in fleet].count(plate) == 1
