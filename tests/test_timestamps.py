"""Every timestamp leaves the API in UTC with its offset, the same in the answer to a POST and in the
GET of the record (issue 14: SQLite dropped the zone on the way back, and kept the wall time of another
offset as if it were UTC). In-process, on SQLite files, through HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import ServiceDefinition, build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.testing import TokenAuth
from qiaolian_liaison.app import definition as liaison
from qiaolian_office.app import definition as office
from qiaolian_office.database import directory
from qiaolian_personnel.app import definition as personnel
from qiaolian_rights.app import definition as rights

NOW = datetime(2026, 4, 4, 12, 30, tzinfo=UTC)  # 20:30 in Beijing, 2026-04-04 (Qingming)
DEFINITIONS: dict[str, Callable[[], ServiceDefinition]] = {
    "office": office,
    "liaison": liaison,
    "rights": rights,
    "personnel": personnel,
}


@pytest.mark.parametrize("service", sorted(DEFINITIONS))
def test_every_timestamp_column_of_every_service_is_stored_and_read_in_utc(service: str) -> None:
    naive = [
        f"{t.name}.{c.name}"
        for t in DEFINITIONS[service]().metadata.tables.values()
        for c in t.columns
        if isinstance(c.type, sa.DateTime) or isinstance(getattr(c.type, "impl", None), sa.DateTime)
        if not isinstance(c.type, type(UtcDateTime))
    ]
    assert naive == []


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[Callable[[str, TokenAuth], httpx.AsyncClient]]:
    made: list[tuple[Any, httpx.AsyncClient]] = []

    async def make(service: str, auth: TokenAuth) -> httpx.AsyncClient:
        app = build_app(
            DEFINITIONS[service](),
            ServiceSettings(
                service=service, database_url=f"sqlite+aiosqlite:///{tmp_path}/{service}.db", nats_url="nats://x:1"
            ),
            clock=FixedClock(NOW),
        )
        await app.state.service.db.migrate()
        c = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url=f"http://{service}", auth=auth
        )
        made.append((app.state.service, c))
        return c

    yield make  # type: ignore[misc]
    for svc, c in made:
        await c.aclose()
        await svc.db.dispose()


def utc(value: str) -> datetime:
    assert value.endswith("Z") or value.endswith("+00:00"), value
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() == timedelta(0)
    return parsed


async def created_then_read(c: httpx.AsyncClient, url: str, body: dict[str, Any], field: str) -> datetime:
    r = await c.post(url, json=body)
    assert r.status_code == 201, r.text
    posted = r.json()[field]
    got = (await c.get(f"{url}/{r.json()['id']}")).json()[field]
    assert posted == got  # the same string: the POST and the GET agree
    return utc(got)


async def test_a_record_created_and_read_back_shows_the_same_utc_timestamp_in_each_service(client: Any) -> None:
    liaison_c = await client("liaison", TokenAuth("liaison", roles={"liaison.clerk"}, office="liaison"))
    visit = {
        "association_name": "馬來西亞湖南會館",
        "country": "MY",
        "size": 12,
        "arrival_on": "2026-05-10",
        "departure_on": "2026-05-14",
    }
    assert await created_then_read(liaison_c, "/delegation-visits", visit, "created_at") == NOW
    personnel_c = await client("personnel", TokenAuth("personnel", roles={"personnel.clerk"}, office="personnel"))
    assert await created_then_read(personnel_c, "/cadres", {"name": "李明"}, "created_at") == NOW
    office_c = await client("office", TokenAuth("office", roles={"leader"}, cadre_id="c-leader"))
    task = {"title": "落實座談會議定事項", "office": "rights", "due_on": "2026-05-01"}
    assert await created_then_read(office_c, "/supervision/tasks", task, "created_at") == NOW


async def test_a_timestamp_given_in_beijing_time_is_kept_as_that_instant_and_answered_in_utc(
    client: Any, tmp_path: Path
) -> None:
    """A duty log entry at 10:00+08:00 is 02:00Z, in the answer and in the log (before: 10:00+08:00 in the
    answer, 10:00Z read back, eight hours later)."""
    clerk = TokenAuth("office", roles={"office.clerk"}, cadre_id="c1", office="office")
    c = await client("office", clerk)
    svc = c._transport.app.state.service  # type: ignore[attr-defined]
    async with svc.uow() as u:
        await u.session.execute(
            sa.insert(directory.table).values(
                cadre_id="c1", name="王芳", office="office", post="科員", since=date(2025, 1, 1), appointment_id="a1"
            )
        )
    r = await c.post(
        "/duty-rosters",
        json={"holiday": "qingming", "year": 2026, "cadre_ids": ["c1"], "prepared_by": "辦公室"},
    )
    assert r.status_code == 201, r.text
    roster = r.json()["id"]
    assert (await c.post(f"/duty-rosters/{roster}/publish", json={"published_by": "主任"})).status_code == 200
    at = datetime(2026, 4, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    entry = {
        "duty_on": "2026-04-04",
        "cadre_id": "c1",
        "occurred_at": at.isoformat(),
        "summary": "接到僑胞來電諮詢",
        "outcome": "handled",
    }
    r = await c.post(f"/duty-rosters/{roster}/log", json=entry)
    assert r.status_code == 201, r.text
    assert utc(r.json()["occurred_at"]) == at
    logged = (await c.get("/duty-log", params={"roster_id": roster})).json()["items"]
    assert [e["occurred_at"] for e in logged] == [r.json()["occurred_at"]]
    assert utc(logged[0]["occurred_at"]) == at == datetime(2026, 4, 4, 2, tzinfo=UTC)
