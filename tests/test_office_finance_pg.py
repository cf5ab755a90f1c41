"""Expense claims and major events on office's PostgreSQL database: simultaneous claims against one
budget line never spend more than its balance (the line is locked: one passes, the others 409 with the
numbers); the yearly report and the event list, grouped and counted, page with `after` as with offset."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_office.app import definition
from qiaolian_office.database import directory

pytestmark = pytest.mark.postgres

CLAIMANTS = [f"c-r{i}" for i in range(6)]


@pytest.fixture
async def app(pg_database: str) -> AsyncIterator[FastAPI]:
    app = build_app(
        definition(),
        ServiceSettings(service="office", database_url=pg_database, nats_url="nats://127.0.0.1:1"),
        clock=FixedClock(datetime(2026, 3, 10, 2, tzinfo=UTC)),
    )
    svc = app.state.service
    await svc.db.migrate()
    async with svc.uow() as u:
        for cadre_id in [*CLAIMANTS, "c-lead"]:
            await u.session.execute(
                sa.insert(directory.table).values(
                    cadre_id=cadre_id,
                    name="王芳",
                    office="rights",
                    post="科員",
                    since=date(2025, 1, 1),
                    appointment_id=cadre_id,
                )
            )
    yield app
    await svc.db.dispose()


def client(app: FastAPI, roles: set[str], cadre_id: str | None = None, office: str | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://office",
        auth=TokenAuth("office", roles, cadre_id=cadre_id, office=office, account_id=f"acc-{cadre_id}"),
    )


async def test_simultaneous_claims_never_spend_more_than_the_line(app: FastAPI) -> None:
    async with client(app, {"office.clerk"}, "c-fin", "office") as c:
        r = await c.post(
            "/budget-lines",
            json={"office": "rights", "year": 2026, "code": "travel", "title": "差旅費", "amount_yuan": 1000},
        )
    line = r.json()["id"]

    async def claim(cadre_id: str) -> httpx.Response:
        async with client(app, {"rights.clerk"}, cadre_id, "rights") as c:
            return await c.post(
                "/expense-claims",
                json={"line_id": line, "amount_yuan": 400, "purpose": "培訓", "spent_on": "2026-03-01"},
            )

    replies = await asyncio.gather(*(claim(c) for c in CLAIMANTS))
    codes = sorted(r.status_code for r in replies)
    assert codes == [201, 201, 409, 409, 409, 409], [r.text for r in replies]
    refused = next(r for r in replies if r.status_code == 409).json()
    assert (refused["balance_yuan"], refused["committed_yuan"]) == (200, 800)
    async with client(app, {"rights.clerk"}, "c-r0", "rights") as c:
        detail = (await c.get(f"/budget-lines/{line}")).json()
    assert detail["balance_yuan"] == 200


async def test_the_report_and_the_event_list_page_with_after(app: FastAPI) -> None:
    async with client(app, {"office.clerk"}, "c-fin", "office") as c:
        for code in ("a", "b", "c"):
            r = await c.post(
                "/budget-lines",
                json={"office": "rights", "year": 2026, "code": code, "title": code, "amount_yuan": 100},
            )
            assert r.status_code == 201
        for day in ("2026-05-01", "2026-05-02", "2026-05-03"):
            body: dict[str, Any] = {
                "title": "聯誼會",
                "starts_on": day,
                "ends_on": day,
                "venue": "長沙",
                "leader_ids": ["c-lead"],
                "tasks": [{"office": "liaison", "title": "邀請", "due_on": "2026-04-20"}],
            }
            assert (await c.post("/major-events", json=body)).status_code == 201
        first = (await c.get("/budget-lines/report", params={"year": 2026, "limit": 2})).json()
        rest = (await c.get("/budget-lines/report", params={"year": 2026, "limit": 2, "after": first["next"]})).json()
        assert [r["code"] for r in first["items"] + rest["items"]] == ["a", "b", "c"]
        assert all(r["balance_yuan"] == 100 for r in rest["items"])
        e1 = (await c.get("/major-events", params={"limit": 2})).json()
        e2 = (await c.get("/major-events", params={"limit": 2, "after": e1["next"]})).json()
        got = e1["items"] + e2["items"]
        assert [e["starts_on"] for e in got] == ["2026-05-01", "2026-05-02", "2026-05-03"]
        assert all((e["tasks_total"], e["readiness"]) == (1, 0.0) for e in got)
