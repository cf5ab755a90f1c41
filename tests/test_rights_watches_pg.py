"""rights' issue-18 records on PostgreSQL: the migration's tables and the watched dates (a base's
accreditation, an affiliated body's report) through HTTP and the scheduler, and the contacts' search."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import httpx
import pytest
from fastapi import FastAPI

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_rights.app import definition
from qiaolian_rights.database import deadlines


@pytest.fixture
async def app(pg_database: str) -> AsyncIterator[FastAPI]:
    app = build_app(
        definition(),
        ServiceSettings(service="rights", database_url=pg_database, nats_url="nats://127.0.0.1:1"),
        clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)),
    )
    await app.state.service.db.migrate()
    yield app
    await app.state.service.db.dispose()


async def test_watched_dates_and_contacts_on_postgresql(app: FastAPI) -> None:
    svc = app.state.service
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://rights",
        auth=TokenAuth("rights", {"rights.clerk"}, cadre_id="c1"),
    ) as rights:
        b = (
            await rights.post(
                "/startup-bases", json={"name": "基地", "operator": "園區", "region": "changsha", "focus": "ai"}
            )
        ).json()
        r = await rights.post(f"/startup-bases/{b['id']}/accredit", json={"valid_to": "2026-05-31"})
        assert r.status_code == 200
        rep = await rights.post(
            "/affiliate-reports",
            json={
                "body": "charity_foundation",
                "kind": "annual_report",
                "year": 2025,
                "subject": "年度工作報告",
                "due_on": "2026-03-31",
            },
        )
        assert rep.status_code == 201
        c = await rights.post(
            "/economic-contacts",
            json={
                "kind": "person",
                "domain": "business",
                "country": "SG",
                "field": "finance",
                "name_romanised": "Tan Wei",
            },
        )
        assert c.status_code == 201
        found = (await rights.get("/economic-contacts", params={"q": "tan"})).json()
        assert [x["id"] for x in found["items"]] == [c.json()["id"]]
    async with svc.uow() as u:
        assert await deadlines.run_once(u, date(2026, 4, 1)) == 2  # the base warns, the report is overdue
    async with svc.uow() as u:
        assert await deadlines.run_once(u, date(2026, 4, 2)) == 0  # once each
