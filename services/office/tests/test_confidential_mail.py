"""機要: confidential mail is registered with its classification, handler and return or destruction
date (on the board, named by id only, and overdue once through the scheduler); only those cleared for
its classification see it or act on it, as classified documents. Through office's HTTP API on SQLite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

import openpyxl
import sqlalchemy as sa

from qiaolian_office.database import deadlines
from qiaolian_office.supervision.tables import SupervisionItem

D = date.fromisoformat


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
    async with svc.client(cleared("secret")) as c:
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
    async with svc.client(cleared("confidential")) as c:
        listed = (await c.get("/confidential-mail")).json()
        assert [m["id"] for m in listed["items"]] == [conf["id"]] and listed["total"] == 1
        assert (await c.get(f"/confidential-mail/{secret['id']}")).status_code == 404
        assert (await c.post(f"/confidential-mail/{secret['id']}/return")).status_code == 404
    async with svc.client(cleared(None)) as c:
        assert (await c.get("/confidential-mail")).json()["items"] == []
        assert (await c.get(f"/confidential-mail/{conf['id']}")).status_code == 404
        r = await c.post("/confidential-mail", json={**MAIL, "classification": "confidential"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "classification"
    async with svc.client({"liaison.clerk", "cleared_top_secret"}) as c:
        assert (await c.get("/confidential-mail")).status_code == 403
    # the board is read by all staff: its items name the mail by id, never by its title or organ
    i = SupervisionItem
    async with svc.db.engine.connect() as conn:
        titles = (await conn.scalars(sa.select(i.title).where(i.kind == "confidential_mail"))).all()
    assert len(titles) == 2 and all("僑情" not in t and "僑辦" not in t for t in titles)
    registered = await svc.facts("confidential_mail.registered.v1")
    assert registered[0] == {
        "mail_id": secret["id"],
        "direction": "received",
        "classification": "secret",
        "registered_on": "2026-03-01",
        "disposal": "return",
        "due_on": "2026-03-15",
    }


async def test_mail_not_returned_falls_overdue_once_and_leaves_the_board_when_disposed(svc: Any) -> None:
    async with svc.client(cleared("top_secret")) as c:
        m = (await c.post("/confidential-mail", json={**MAIL, "disposal": "destroy", "due_on": "2026-03-10"})).json()
        assert m["allowed_commands"] == ["destroy"]
        assert await svc.board("confidential_mail") == {m["id"]: ("office", "open", D("2026-03-10"))}
        for day in ("2026-03-10", "2026-03-11", "2026-03-12"):
            async with svc.uow() as u:
                await deadlines.run_once(u, D(day))
        assert await svc.facts("confidential_mail.overdue.v1") == [{"mail_id": m["id"], "due_on": "2026-03-10"}]
        svc.clock.at = datetime(2026, 3, 12, 2, tzinfo=UTC)
        late = (await c.get("/confidential-mail", params={"overdue": True})).json()["items"]
        assert [(x["id"], x["overdue"]) for x in late] == [(m["id"], True)]
        wrong = await c.post(f"/confidential-mail/{m['id']}/return")
        assert wrong.status_code == 409 and wrong.json()["allowed_commands"] == ["destroy"]
        done = await c.post(f"/confidential-mail/{m['id']}/destroy")
        assert done.status_code == 200 and done.json()["state"] == "destroyed" and done.json()["allowed_commands"] == []
        assert await svc.board("confidential_mail") == {m["id"]: ("office", "closed", D("2026-03-10"))}
        assert await svc.facts("confidential_mail.disposed.v1") == [
            {"mail_id": m["id"], "disposal": "destroyed", "disposed_on": "2026-03-12", "due_on": "2026-03-10"}
        ]
        again = await c.post(f"/confidential-mail/{m['id']}/destroy")
        assert again.status_code == 409 and again.json()["current_state"] == "destroyed"
        assert (await c.get("/confidential-mail", params={"state": "held"})).json()["items"] == []


async def test_bad_registrations_answer_422(svc: Any) -> None:
    async with svc.client(cleared("secret")) as c:
        for change, field in (
            ({"registered_on": "2026-03-02"}, "registered_on"),
            ({"due_on": "2026-03-01"}, "due_on"),
            ({"handler_id": "nobody"}, "handler_id"),
            ({"copies": 0}, "copies"),
            ({"disposal": "burn"}, "disposal"),
        ):
            r = await c.post("/confidential-mail", json={**MAIL, **change})
            assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (change, r.text)
    assert await svc.board("confidential_mail") == {}


async def test_the_export_holds_only_the_mail_the_caller_is_cleared_for(svc: Any) -> None:
    async with svc.client(cleared("secret")) as c:
        await c.post("/confidential-mail", json=MAIL)
        await c.post("/confidential-mail", json={**MAIL, "classification": "confidential", "title": "普通機要件"})
    async with svc.client(cleared("confidential")) as c:
        r = await c.get("/confidential-mail/export")
        assert r.status_code == 200
        rows = list(openpyxl.load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
        text = " ".join(str(v) for row in rows for v in row)
        assert len(rows) == 2 and "普通機要件" in text and "關於海外僑情的通報" not in text
