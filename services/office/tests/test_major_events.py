"""重要活動: an event with dates, venue, leaders attending and tasks assigned to offices with deadlines;
each task is an item on the supervision board until its office reports it done; readiness is the share
of tasks done. Through office's HTTP API on SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from qiaolian_chassis.testing import InProcess, TokenAuth, in_process
from qiaolian_office.app import definition
from qiaolian_office.supervision.tables import SupervisionItem

OFFICE = TokenAuth("office", {"office.clerk"}, cadre_id="c-o", office="office", account_id="acc-o")
LIAISON = TokenAuth("office", {"liaison.clerk"}, cadre_id="c-l", office="liaison", account_id="acc-l")
RIGHTS = TokenAuth("office", {"rights.clerk"}, cadre_id="c-r", office="rights", account_id="acc-r")
LEADER = TokenAuth("office", {"leader"}, cadre_id="c-lead", account_id="acc-lead")

EVENT = {
    "title": "第十屆世界湘籍僑團聯誼大會",
    "starts_on": "2026-05-20",
    "ends_on": "2026-05-22",
    "venue": "長沙國際會議中心",
    "leader_ids": ["c-lead", "c-lead"],
    "tasks": [
        {"office": "liaison", "title": "邀請海外僑團", "due_on": "2026-04-30"},
        {"office": "office", "title": "會場與住宿", "due_on": "2026-05-15"},
        {"office": "rights", "title": "安全保障預案", "due_on": "2026-05-10"},
    ],
}


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[InProcess]:
    async with in_process(definition(), datetime(2026, 4, 1, 2, tzinfo=UTC), tmp_path) as s:
        await s.add_staff("c-lead", office="office", name="李明", post="副主席", appointment_id="a1")
        yield s


async def board(svc: InProcess) -> dict[str, tuple[str, str, str]]:
    async with svc.db.engine.connect() as c:
        rows = await c.execute(
            sa.select(SupervisionItem.source_id, SupervisionItem.kind, SupervisionItem.office, SupervisionItem.state)
        )
    return {r[0]: (r[1], r[2], r[3]) for r in rows.all()}


async def test_each_task_is_on_the_board_until_its_office_reports_it_done_and_readiness_follows(svc: InProcess) -> None:
    async with svc.client(OFFICE) as c:
        r = await c.post("/major-events", json=EVENT)
    assert r.status_code == 201, r.text
    e = r.json()
    assert e["leader_ids"] == ["c-lead"] and e["state"] == "planned"
    assert (e["tasks_total"], e["tasks_done"], e["readiness"]) == (3, 0, 0.0)
    assert sorted(e["allowed_commands"]) == ["add_task", "cancel", "hold"]
    tasks = {t["office"]: t for t in e["tasks"]}
    on_board = await board(svc)
    assert {on_board[t["id"]] for t in e["tasks"]} == {
        ("major_event_task", "liaison", "open"),
        ("major_event_task", "office", "open"),
        ("major_event_task", "rights", "open"),
    }

    liaison_task = tasks["liaison"]["id"]
    async with svc.client(RIGHTS) as c:
        other = await c.post(f"/major-events/{e['id']}/tasks/{liaison_task}/done")
    assert other.status_code == 403  # not the office the task is assigned to
    async with svc.client(LIAISON) as c:
        r = await c.post(f"/major-events/{e['id']}/tasks/{liaison_task}/done")
        assert r.status_code == 200, r.text
        assert (await c.post(f"/major-events/{e['id']}/tasks/{liaison_task}/done")).status_code == 409
        assert (await c.post(f"/major-events/{e['id']}/tasks/unknown/done")).status_code == 404
    assert (r.json()["tasks_done"], r.json()["readiness"]) == (1, 0.3333)
    assert (await board(svc))[liaison_task][2] == "closed"
    async with svc.client(OFFICE) as c:  # office manages the board: it may report any task done
        assert (await c.post(f"/major-events/{e['id']}/tasks/{tasks['rights']['id']}/done")).status_code == 200
        r = await c.post(
            f"/major-events/{e['id']}/tasks", json={"office": "personnel", "title": "人員", "due_on": "2026-05-01"}
        )
        assert r.status_code == 201 and r.json()["tasks_total"] == 4 and r.json()["readiness"] == 0.5
        assert (await c.post(f"/major-events/{e['id']}/hold")).status_code == 409  # before its first day
        listed = (await c.get("/major-events", params={"office": "personnel"})).json()
        assert [(i["id"], i["tasks_total"], i["tasks_done"]) for i in listed["items"]] == [(e["id"], 4, 2)]
        assert (await c.get("/major-events", params={"state": "held"})).json()["items"] == []
    async with svc.client(LEADER) as c:
        detail = (await c.get(f"/major-events/{e['id']}")).json()
    assert [t["state"] for t in detail["tasks"]] == ["done", "open", "done", "open"]  # by deadline

    [planned] = await svc.facts("major_event.planned.v1")
    assert planned == {
        "event_id": e["id"],
        "starts_on": "2026-05-20",
        "ends_on": "2026-05-22",
        "leader_ids": ["c-lead"],
    }
    assert len(await svc.facts("major_event.task_assigned.v1")) == 4
    done = await svc.facts("major_event.task_done.v1")
    assert [(d["office"], d["on_time"]) for d in done] == [("liaison", True), ("rights", True)]
    assert all("title" not in f and "venue" not in f for f in await svc.facts("major_event.task_assigned.v1"))


async def test_a_held_event_reports_its_counts_and_a_cancelled_one_takes_its_tasks_off_the_board(
    svc: InProcess,
) -> None:
    async with svc.client(OFFICE) as c:
        e = (await c.post("/major-events", json=EVENT)).json()
        svc.clock.at = datetime(2026, 5, 20, 2, tzinfo=UTC)
        r = await c.post(f"/major-events/{e['id']}/hold")
        assert r.status_code == 200 and r.json()["state"] == "held"
        assert (await c.post(f"/major-events/{e['id']}/cancel")).status_code == 409
        assert (
            await c.post(
                f"/major-events/{e['id']}/tasks", json={"office": "office", "title": "x", "due_on": "2026-05-21"}
            )
        ).status_code == 409
        [held] = await svc.facts("major_event.held.v1")
        assert (held["tasks"], held["tasks_done"]) == (3, 0)

        e2 = (
            await c.post(
                "/major-events",
                json={**EVENT, "starts_on": "2026-06-01", "ends_on": "2026-06-01"}
                | {"tasks": [{"office": "rights", "title": "安保", "due_on": "2026-05-30"}]},
            )
        ).json()
        r = await c.post(f"/major-events/{e2['id']}/cancel")
        assert r.status_code == 200 and r.json()["state"] == "cancelled"
        assert (await board(svc))[e2["tasks"][0]["id"]][2] == "closed"
        assert (await c.post(f"/major-events/{e2['id']}/tasks/{e2['tasks'][0]['id']}/done")).status_code == 409
    assert len(await svc.facts("major_event.cancelled.v1")) == 1


async def test_bad_input_is_422_naming_the_field(svc: InProcess) -> None:
    async def post(body: dict[str, Any]) -> httpx.Response:
        async with svc.client(OFFICE) as c:
            return await c.post("/major-events", json=body)

    def field(r: httpx.Response) -> str:
        assert r.status_code == 422, r.text
        return str(r.json()["errors"][0]["field"])

    assert field(await post({**EVENT, "ends_on": "2026-05-19"})) == "ends_on"
    assert field(await post({**EVENT, "starts_on": "2026-03-01"})) == "starts_on"
    assert field(await post({**EVENT, "leader_ids": ["nobody"]})) == "leader_ids"
    late = {**EVENT, "tasks": [{"office": "office", "title": "x", "due_on": "2026-05-23"}]}
    assert field(await post(late)) == "tasks.0.due_on"
    past = {**EVENT, "tasks": [{"office": "office", "title": "x", "due_on": "2026-03-31"}]}
    assert field(await post(past)) == "tasks.0.due_on"
    assert (
        await post({**EVENT, "tasks": [{"office": "nowhere", "title": "x", "due_on": "2026-05-01"}]})
    ).status_code == 422
    assert (await post({**EVENT, "title": ""})).status_code == 422
    async with svc.client(OFFICE) as c:
        assert (await c.get("/major-events/unknown")).status_code == 404
        assert (await c.post("/major-events/unknown/hold")).status_code == 404
    async with svc.client(LIAISON) as c:
        assert (await c.post("/major-events", json=EVENT)).status_code == 403
    assert await board(svc) == {}  # nothing refused reached the board
