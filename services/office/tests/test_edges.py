"""Edge inputs through office's HTTP API answer 4xx problem+json, never 500: dates at the ends of the
calendar, numbers too large for the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.testing import in_process
from qiaolian_office.app import definition


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    # the HTTP app on SQLite at a fixed time, without relay or consumers: these requests need no NATS
    async with in_process(definition(), datetime(2026, 1, 10, 2, tzinfo=UTC), tmp_path) as svc:
        await svc.add_staff("c1", "c2", office="office")
        async with svc.client() as c:
            yield c


def refused(r: httpx.Response, status: int, field: str | None = None) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    if field:
        assert field in {e["field"] for e in r.json()["errors"]}, r.text


@pytest.mark.parametrize("params", [{"year": "99999999999999999999"}, {"offset": "99999999999999999999"}])
async def test_numbers_too_large_for_the_database_are_422(client: httpx.AsyncClient, params: dict) -> None:
    for path in ("/duty-rosters", "/duty-assignments", "/outbound-trips", "/archives"):
        if "year" in params and path != "/duty-rosters":
            continue
        refused(await client.get(path, params=params), 422, f"query.{next(iter(params))}")


async def test_a_duty_log_entry_at_the_first_instant_of_the_calendar_is_422(client: httpx.AsyncClient) -> None:
    r = await client.post("/duty-rosters", json={"holiday": "qingming", "year": 2026, "prepared_by": "辦公室"})
    assert r.status_code == 201, r.text
    roster = r.json()
    assert (
        await client.post(f"/duty-rosters/{roster['id']}/publish", json={"published_by": "主任"})
    ).status_code == 200
    duty = roster["duties"][0]
    for at in ("0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00"):
        refused(
            await client.post(
                f"/duty-rosters/{roster['id']}/log",
                json={
                    "duty_on": duty["duty_on"],
                    "cadre_id": duty["cadre_id"],
                    "occurred_at": at,
                    "summary": "來電",
                    "outcome": "handled",
                },
            ),
            422,
            "occurred_at",
        )


async def test_a_trip_returning_at_the_end_of_the_calendar_is_422(client: httpx.AsyncClient) -> None:
    for departs, returns in (("2026-01-15", "9999-12-31"), ("9999-12-30", "9999-12-31")):
        refused(
            await client.post(
                "/outbound-trips",
                json={
                    "cadre_id": "c1",
                    "destinations": ["HK"],
                    "purpose": "考察",
                    "inviting_organisation": "香港湖南同鄉會",
                    "departs_on": departs,
                    "returns_on": returns,
                },
            ),
            422,
            "returns_on",
        )
