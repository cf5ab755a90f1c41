"""Simultaneous requests that create the same thing on office's PostgreSQL database: the one that
commits first is 201, every other one is 409 naming the key, none is 500.

Each command checks for the existing row and then inserts; on PostgreSQL (read committed) the
requests all pass the check before any commits, and the unique key stops all but one. SQLite takes
the write lock at BEGIN, so the race cannot happen there; the chassis unit test covers its errors.
Commands whose rule spans rows no key holds (one passport of a cadre out at a time; nobody on duty twice
a day across rosters) lock the cadre's directory row: of simultaneous requests one passes, the others 409.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_contracts.calendar import default_calendar
from qiaolian_office.app import definition
from qiaolian_office.database import directory

pytestmark = pytest.mark.postgres


@pytest.fixture
async def app(pg_database: str) -> AsyncIterator[FastAPI]:
    # the HTTP app on PostgreSQL, without its relay and consumers: these commands do not need NATS
    app = build_app(
        definition(), ServiceSettings(service="office", database_url=pg_database, nats_url="nats://127.0.0.1:1")
    )
    await app.state.service.db.migrate()
    yield app
    await app.state.service.db.dispose()


@pytest.fixture
async def office(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://office",
        auth=TokenAuth("office"),
    ) as client:
        yield client


async def staff_member(app: FastAPI) -> str:
    """A cadre in office's staff directory (as personnel's appointment would put them there)."""
    cadre_id = f"c-{uuid.uuid4().hex[:8]}"
    async with app.state.service.uow() as u:
        await u.session.execute(
            sa.insert(directory.table).values(
                cadre_id=cadre_id,
                name="王芳",
                office="office",
                post="科員",
                since=date(2025, 1, 1),
                appointment_id=cadre_id,
            )
        )
    return cadre_id


async def all_at_once(client: httpx.AsyncClient, path: str, body: dict, n: int = 8) -> list[httpx.Response]:
    return await asyncio.gather(*(client.post(path, json=body) for _ in range(n)))


async def test_filing_the_same_source_at_once_files_it_once_and_the_others_get_409(office) -> None:
    source = f"case-{uuid.uuid4().hex[:8]}"
    body = {
        "source_kind": "case",
        "source_id": source,
        "title": "歸僑房產案",
        "office": "rights",
        "retention_years": 10,
    }
    responses = await all_at_once(office, "/archives", body)
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7, [r.text for r in responses]
    # a request that checked after the winner committed is told so by the command; one that checked
    # before meets the unique key, and the chassis names the key (never the values)
    for conflict in (r.json() for r in responses if r.status_code == 409):
        if "key" in conflict:  # the unique key's answer names the key, never the values
            assert conflict["key"] == ["source_kind", "source_id"] and source not in conflict["detail"]
        else:  # the command's own check names the record it found
            assert conflict["detail"] == f"case {source} is already filed"
    listed = (await office.get("/archives", params={"source_kind": "case", "limit": 500})).json()["items"]
    assert [a["source_id"] for a in listed].count(source) == 1


async def test_registering_the_same_plate_at_once_registers_one_vehicle(office) -> None:
    plate = f"湘A{uuid.uuid4().hex[:5].upper()}"
    responses = await all_at_once(office, "/vehicles", {"plate": plate, "seats": 5})
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7, [r.text for r in responses]
    fleet = (await office.get("/vehicles", params={"limit": 500})).json()["items"]
    assert [v["plate"] for v in fleet].count(plate) == 1


def decider(step: str) -> TokenAuth:
    """The person who decides `step` of the chain (one person per step)."""
    role = {"office_head": "office.head", "federation_leader": "leader", "foreign_affairs": "foreign_affairs"}[step]
    return TokenAuth("office", roles={role}, account_id=f"acc-{step}", cadre_id=f"c-{step}")


async def test_one_passport_is_issued_once_when_two_trips_of_a_cadre_ask_for_it_at_once(app, office) -> None:
    cadre_id = await staff_member(app)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    trips = []
    for _ in range(4):
        r = await office.post(
            "/outbound-trips",
            json={
                "cadre_id": cadre_id,
                "destinations": ["HK"],
                "purpose": "考察",
                "inviting_organisation": "香港湖南同鄉會",
                "departs_on": str(today + timedelta(days=3)),
                "returns_on": str(today + timedelta(days=5)),
            },
        )
        assert r.status_code == 201, r.text
        for step in ("office_head", "federation_leader", "foreign_affairs"):
            assert (
                await office.post(f"/outbound-trips/{r.json()['id']}/approve", json={"step": step}, auth=decider(step))
            ).status_code == 200
        trips.append(r.json()["id"])
    responses = await asyncio.gather(*(office.post(f"/outbound-trips/{t}/issue-passport", json={}) for t in trips))
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409], [r.text for r in responses]
    out = (await office.get("/outbound-trips", params={"cadre_id": cadre_id, "state": "passport_issued"})).json()
    assert out["total"] == 1


async def test_two_rosters_putting_one_cadre_on_one_day_are_not_both_published(app, office) -> None:
    cadre_id = await staff_member(app)
    cal, day = default_calendar(), datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)
    while cal.is_working_day(day):
        day += timedelta(days=1)
    if not cal.covers(day.year):
        pytest.skip("the holiday calendar has no data for the next rest day")
    rosters = []
    for _ in range(4):
        r = await office.post(
            "/duty-rosters",
            json={"starts_on": str(day), "ends_on": str(day), "cadre_ids": [cadre_id], "prepared_by": "辦公室"},
        )
        assert r.status_code == 201, r.text
        rosters.append(r.json()["id"])
    responses = await asyncio.gather(
        *(office.post(f"/duty-rosters/{r}/publish", json={"published_by": "主任"}) for r in rosters)
    )
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409], [r.text for r in responses]
    on_duty = (await office.get("/duty-assignments", params={"cadre_id": cadre_id, "on": str(day)})).json()
    assert on_duty["total"] == 1
