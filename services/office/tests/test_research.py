"""課題調研: a topic of the yearly plan with its owner office and milestones, each milestone on that
office's board until done (overdue ones flagged); the final report only after every milestone
(409 before). Through office's HTTP API on SQLite."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_office.app import definition
from qiaolian_office.database import directory
from qiaolian_office.supervision.tables import SupervisionItem

D = date.fromisoformat


@pytest.fixture(params=["sqlite", "postgresql"])
async def svc(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    """office on a SQLite file, and on a fresh PostgreSQL database when QIAOLIAN_TEST_DATABASE_URL is set."""
    async with database(request.param, tmp_path) as url:
        async for s in _office(url):
            yield s


@asynccontextmanager
async def database(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/o.db"
        return
    base = os.environ.get("QIAOLIAN_TEST_DATABASE_URL")
    if not base:
        pytest.skip("no PostgreSQL: set QIAOLIAN_TEST_DATABASE_URL")
    name = f"qiaolian_t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _office(url: str) -> AsyncIterator[Any]:
    app = build_app(
        definition(),
        ServiceSettings(service="office", database_url=url, nats_url="nats://127.0.0.1:1"),
        clock=FixedClock(datetime(2026, 3, 1, 2, tzinfo=UTC)),
    )
    s = app.state.service
    await s.db.migrate()
    async with s.uow() as u:
        await u.session.execute(
            sa.insert(directory.table).values(
                cadre_id="c1", name="李明", office="office", post="科員", since=date(2025, 1, 1), appointment_id="a1"
            )
        )
    s.app = app
    yield s
    await s.db.dispose()


def client(svc: Any, roles: set[str] | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=svc.app, raise_app_exceptions=False),
        base_url="http://office",
        auth=TokenAuth("office", roles),
    )


async def board(svc: Any, kind: str) -> dict[str, tuple[str, str, date]]:
    """source id → (office, state, due date) of the board's items of `kind`."""
    i = SupervisionItem
    async with svc.db.engine.connect() as c:
        rows = (await c.execute(sa.select(i.source_id, i.office, i.state, i.due_on).where(i.kind == kind))).all()
    return {r.source_id: (r.office, r.state, r.due_on) for r in rows}


async def facts(svc: Any, suffix: str) -> list[dict[str, Any]]:
    outbox = svc.definition.tables.outbox
    async with svc.db.engine.connect() as c:
        rows = (await c.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
    return [json.loads(r.payload)["data"] for r in rows if r.event_type.endswith(suffix)]


TOPIC = {
    "plan_year": 2026,
    "title": "新時代湖南僑界青年創新創業調研",
    "office": "liaison",
    "lead_id": "c1",
    "milestones": [
        {"title": "問卷發放", "due_on": "2026-04-30"},
        {"title": "實地調研", "due_on": "2026-07-31"},
    ],
}


async def test_milestones_are_on_the_owner_office_board_and_the_report_comes_after_them(svc: Any) -> None:
    async with client(svc) as c:
        r = await c.post("/research-topics", json=TOPIC)
        assert r.status_code == 201, r.text
        t = r.json()
        first, second = t["milestones"]
        assert t["allowed_commands"] == ["add_milestone", "cancel", "complete_milestone", "file_report"]
        assert await board(svc, "research_milestone") == {
            first["id"]: ("liaison", "open", D("2026-04-30")),
            second["id"]: ("liaison", "open", D("2026-07-31")),
        }
        assert await facts(svc, "research_topic.planned.v1") == [
            {"topic_id": t["id"], "plan_year": 2026, "office": "liaison", "milestones": 2}
        ]
        svc.clock.at = datetime(2026, 5, 5, 2, tzinfo=UTC)
        detail = (await c.get(f"/research-topics/{t['id']}")).json()
        assert detail["overdue_milestones"] == 1 and detail["milestones"][0]["overdue"]
        assert [x["id"] for x in (await c.get("/research-topics", params={"overdue": True})).json()["items"]] == [
            t["id"]
        ]
        report = {"report_title": "調研報告", "report_summary": "……"}
        early = await c.post(f"/research-topics/{t['id']}/report", json=report)
        assert early.status_code == 409 and early.json()["open_milestones"] == [first["id"], second["id"]]
        done = (await c.post(f"/research-topics/{t['id']}/milestones/{first['id']}/complete")).json()
        assert done["milestones"][0]["done_on"] == "2026-05-05" and done["overdue_milestones"] == 0
        assert (await board(svc, "research_milestone"))[first["id"]][1] == "closed"
        twice = await c.post(f"/research-topics/{t['id']}/milestones/{first['id']}/complete")
        assert twice.status_code == 409
        assert (await c.post(f"/research-topics/{t['id']}/milestones/nope/complete")).status_code == 404
        await c.post(f"/research-topics/{t['id']}/milestones/{second['id']}/complete")
        filed = (await c.post(f"/research-topics/{t['id']}/report", json=report)).json()
        assert (
            filed["state"] == "reported"
            and filed["report_filed_on"] == "2026-05-05"
            and filed["allowed_commands"] == []
        )
        assert await facts(svc, "research_topic.report_filed.v1") == [
            {"topic_id": t["id"], "plan_year": 2026, "office": "liaison", "filed_on": "2026-05-05"}
        ]
        late = await c.post(f"/research-topics/{t['id']}/milestones", json={"title": "補充", "due_on": "2026-08-01"})
        assert late.status_code == 409 and late.json()["current_state"] == "reported"
        assert (await c.get("/research-topics", params={"overdue": True})).json()["items"] == []


async def test_a_cancelled_topic_leaves_the_board_and_bad_plans_answer_422(svc: Any) -> None:
    async with client(svc) as c:
        t = (await c.post("/research-topics", json={**TOPIC, "office": "rights"})).json()
        added = await c.post(f"/research-topics/{t['id']}/milestones", json={"title": "座談", "due_on": "2026-05-15"})
        assert added.status_code == 200 and len(added.json()["milestones"]) == 3
        r = await c.post(f"/research-topics/{t['id']}/milestones", json={"title": "x", "due_on": "2029-01-01"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "due_on"
        gone = (await c.post(f"/research-topics/{t['id']}/cancel")).json()
        assert gone["state"] == "cancelled"
        assert {s for _, s, _ in (await board(svc, "research_milestone")).values()} == {"closed"}
        listed = (await c.get("/research-topics", params={"plan_year": 2026, "office": "rights"})).json()
        assert [x["id"] for x in listed["items"]] == [t["id"]]
        assert (await c.get("/research-topics", params={"office": "liaison"})).json()["items"] == []
        assert (await c.get("/research-topics", params={"plan_year": 10**20})).status_code == 422
        for change, field in (
            ({"plan_year": 2030}, "plan_year"),
            ({"lead_id": "nobody"}, "lead_id"),
            ({"milestones": [{"title": "x", "due_on": "2025-12-31"}]}, "milestones[0].due_on"),
            ({"office": "finance"}, "office"),
        ):
            r = await c.post("/research-topics", json={**TOPIC, **change})
            assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (change, r.text)
    async with client(svc, {"leader"}) as c:
        assert (await c.get("/research-topics")).status_code == 200
        assert (await c.post("/research-topics", json=TOPIC)).status_code == 403
