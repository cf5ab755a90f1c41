"""機要: confidential mail is registered with its classification, handler and return or destruction
date (on the board, named by id only, and overdue once through the scheduler); only those cleared for
its classification see it or act on it, as classified documents. Through office's HTTP API on SQLite."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_office.app import definition
from qiaolian_office.database import deadlines, directory
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


def cleared(level: str | None) -> set[str]:
    return {"office.clerk"} | ({f"cleared_{level}"} if level else set())


MAIL = {
    "direction": "received",
    "serial_number": "機-2026-007",
    "title": "關於海外僑情的通報",
    "classification": "secret",
    "counterpart": "國務院僑辦",
    "copies": 2,
    "handler_id": "c1",
    "registered_on": "2026-03-01",
    "disposal": "return",
    "due_on": "2026-03-15",
}


async def test_mail_is_seen_only_by_those_cleared_for_it(svc: Any) -> None:
    async with client(svc, cleared("secret")) as c:
        r = await c.post("/confidential-mail", json=MAIL)
        assert r.status_code == 201, r.text
        secret = r.json()
        assert secret["allowed_commands"] == ["return"] and secret["state"] == "held"
        conf = (await c.post("/confidential-mail", json={**MAIL, "classification": "confidential"})).json()
        above = await c.post("/confidential-mail", json={**MAIL, "classification": "top_secret"})
        assert above.status_code == 422 and above.json()["errors"][0]["field"] == "classification"
        internal = await c.post("/confidential-mail", json={**MAIL, "classification": "internal"})
        assert internal.status_code == 422 and internal.json()["errors"][0]["field"] == "classification"
        mine = (await c.get("/confidential-mail")).json()
        assert {m["id"] for m in mine["items"]} == {secret["id"], conf["id"]} and mine["total"] == 2
    async with client(svc, cleared("confidential")) as c:
        listed = (await c.get("/confidential-mail")).json()
        assert [m["id"] for m in listed["items"]] == [conf["id"]] and listed["total"] == 1
        assert (await c.get(f"/confidential-mail/{secret['id']}")).status_code == 404
        assert (await c.post(f"/confidential-mail/{secret['id']}/return")).status_code == 404
    async with client(svc, cleared(None)) as c:
        assert (await c.get("/confidential-mail")).json()["items"] == []
        assert (await c.get(f"/confidential-mail/{conf['id']}")).status_code == 404
        r = await c.post("/confidential-mail", json={**MAIL, "classification": "confidential"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "classification"
    async with client(svc, {"liaison.clerk", "cleared_top_secret"}) as c:
        assert (await c.get("/confidential-mail")).status_code == 403
    # the board is read by all staff: its items name the mail by id, never by its title or organ
    i = SupervisionItem
    async with svc.db.engine.connect() as conn:
        titles = (await conn.scalars(sa.select(i.title).where(i.kind == "confidential_mail"))).all()
    assert len(titles) == 2 and all("僑情" not in t and "僑辦" not in t for t in titles)
    registered = await facts(svc, "confidential_mail.registered.v1")
    assert registered[0] == {
        "mail_id": secret["id"],
        "direction": "received",
        "classification": "secret",
        "registered_on": "2026-03-01",
        "disposal": "return",
        "due_on": "2026-03-15",
    }


async def test_mail_not_returned_falls_overdue_once_and_leaves_the_board_when_disposed(svc: Any) -> None:
    async with client(svc, cleared("top_secret")) as c:
        m = (await c.post("/confidential-mail", json={**MAIL, "disposal": "destroy", "due_on": "2026-03-10"})).json()
        assert m["allowed_commands"] == ["destroy"]
        assert await board(svc, "confidential_mail") == {m["id"]: ("office", "open", D("2026-03-10"))}
        for day in ("2026-03-10", "2026-03-11", "2026-03-12"):
            async with svc.uow() as u:
                await deadlines.run_once(u, D(day))
        assert await facts(svc, "confidential_mail.overdue.v1") == [{"mail_id": m["id"], "due_on": "2026-03-10"}]
        svc.clock.at = datetime(2026, 3, 12, 2, tzinfo=UTC)
        late = (await c.get("/confidential-mail", params={"overdue": True})).json()["items"]
        assert [(x["id"], x["overdue"]) for x in late] == [(m["id"], True)]
        wrong = await c.post(f"/confidential-mail/{m['id']}/return")
        assert wrong.status_code == 409 and wrong.json()["allowed_commands"] == ["destroy"]
        done = await c.post(f"/confidential-mail/{m['id']}/destroy")
        assert done.status_code == 200 and done.json()["state"] == "destroyed" and done.json()["allowed_commands"] == []
        assert await board(svc, "confidential_mail") == {m["id"]: ("office", "closed", D("2026-03-10"))}
        assert await facts(svc, "confidential_mail.disposed.v1") == [
            {"mail_id": m["id"], "disposal": "destroyed", "disposed_on": "2026-03-12", "due_on": "2026-03-10"}
        ]
        again = await c.post(f"/confidential-mail/{m['id']}/destroy")
        assert again.status_code == 409 and again.json()["current_state"] == "destroyed"
        assert (await c.get("/confidential-mail", params={"state": "held"})).json()["items"] == []


async def test_bad_registrations_answer_422(svc: Any) -> None:
    async with client(svc, cleared("secret")) as c:
        for change, field in (
            ({"registered_on": "2026-03-02"}, "registered_on"),
            ({"due_on": "2026-03-01"}, "due_on"),
            ({"handler_id": "nobody"}, "handler_id"),
            ({"copies": 0}, "copies"),
            ({"disposal": "burn"}, "disposal"),
        ):
            r = await c.post("/confidential-mail", json={**MAIL, **change})
            assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (change, r.text)
    assert await board(svc, "confidential_mail") == {}


async def test_the_export_holds_only_the_mail_the_caller_is_cleared_for(svc: Any) -> None:
    async with client(svc, cleared("secret")) as c:
        await c.post("/confidential-mail", json=MAIL)
        await c.post("/confidential-mail", json={**MAIL, "classification": "confidential", "title": "普通機要件"})
    async with client(svc, cleared("confidential")) as c:
        r = await c.get("/confidential-mail/export")
        assert r.status_code == 200
        rows = list(openpyxl.load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
        text = " ".join(str(v) for row in rows for v in row)
        assert len(rows) == 2 and "普通機要件" in text and "關於海外僑情的通報" not in text
