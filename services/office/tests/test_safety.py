"""平安建設, 安全生產, 消防: an inspection's findings are on the board by their rectification deadlines
until rectified; equipment's next check is on the board and falls overdue once through the scheduler,
each check moving it; fire drills are recorded. Through office's HTTP API on SQLite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from qiaolian_office.database import deadlines

D = date.fromisoformat


INSPECTION = {
    "kind": "fire",
    "premises": "省僑聯機關大樓",
    "inspected_on": "2026-02-27",
    "inspector_id": "c1",
    "findings": [
        {"description": "三樓消防通道堆放雜物", "office": "office", "due_on": "2026-03-06"},
        {"description": "信訪接待室滅火器過期", "office": "rights", "due_on": "2026-03-10"},
    ],
}


async def test_findings_are_on_the_board_until_rectified(svc: Any) -> None:
    async with svc.client() as c:
        r = await c.post("/safety/inspections", json=INSPECTION)
        assert r.status_code == 201, r.text
        ins = r.json()
        assert ins["open_findings"] == 2
        first, second = ins["findings"]
        assert first["allowed_commands"] == ["rectify"] and first["state"] == "open"
        assert await svc.board("safety_rectification") == {
            first["id"]: ("office", "open", D("2026-03-06")),
            second["id"]: ("rights", "open", D("2026-03-10")),
        }
        recorded = await svc.facts("safety_inspection.recorded.v1")
        assert recorded == [{"inspection_id": ins["id"], "kind": "fire", "inspected_on": "2026-02-27", "findings": 2}]

        svc.clock.at = datetime(2026, 3, 8, 2, tzinfo=UTC)
        late = (await c.get("/safety/findings", params={"overdue": True})).json()
        assert [f["id"] for f in late["items"]] == [first["id"]]
        done = await c.post(f"/safety/findings/{first['id']}/rectify", json={"rectification": "雜物已清理"})
        assert done.status_code == 200 and done.json()["state"] == "rectified" and done.json()["allowed_commands"] == []
        assert (await svc.board("safety_rectification"))[first["id"]][1] == "closed"
        assert await svc.facts("safety_finding.rectified.v1") == [
            {
                "finding_id": first["id"],
                "inspection_id": ins["id"],
                "office": "office",
                "due_on": "2026-03-06",
                "rectified_on": "2026-03-08",
            }
        ]
        again = await c.post(f"/safety/findings/{first['id']}/rectify", json={"rectification": "再次"})
        assert again.status_code == 409 and again.json()["current_state"] == "rectified"

        detail = (await c.get(f"/safety/inspections/{ins['id']}")).json()
        assert detail["open_findings"] == 1
        listed = (await c.get("/safety/inspections", params={"kind": "fire", "limit": 1})).json()
        assert [i["id"] for i in listed["items"]] == [ins["id"]] and listed["total"] == 1
        assert (await c.get("/safety/inspections", params={"kind": "safety"})).json()["items"] == []


async def test_bad_inspections_answer_422_and_others_403(svc: Any) -> None:
    async with svc.client() as c:
        early = {**INSPECTION, "findings": [{**INSPECTION["findings"][0], "due_on": "2026-02-20"}]}
        r = await c.post("/safety/inspections", json=early)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "findings[0].due_on"
        r = await c.post("/safety/inspections", json={**INSPECTION, "inspected_on": "2026-03-02"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "inspected_on"
        r = await c.post("/safety/inspections", json={**INSPECTION, "inspector_id": "nobody"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "inspector_id"
        r = await c.post("/safety/inspections", json={**INSPECTION, "kind": "flood"})
        assert r.status_code == 422
        assert (await c.post("/safety/findings/nope/rectify", json={"rectification": "x"})).status_code == 404
    assert await svc.board("safety_rectification") == {}
    async with svc.client({"liaison.clerk"}) as c:
        assert (await c.post("/safety/inspections", json=INSPECTION)).status_code == 403
        assert (await c.get("/safety/inspections")).status_code == 403


async def test_an_extinguisher_falls_overdue_once_and_each_check_moves_its_date(svc: Any) -> None:
    async with svc.client() as c:
        r = await c.post(
            "/safety/equipment", json={"kind": "extinguisher", "location": "一樓大廳", "next_check_on": "2026-03-10"}
        )
        assert r.status_code == 201, r.text
        e = r.json()
        assert e["allowed_commands"] == ["check", "retire"] and e["checks"] == []
        assert await svc.board("safety_equipment") == {e["id"]: ("office", "open", D("2026-03-10"))}
        for day in ("2026-03-10", "2026-03-11", "2026-03-12"):
            async with svc.uow() as u:
                await deadlines.run_once(u, D(day))
        assert await svc.facts("safety_equipment.check_overdue.v1") == [
            {"equipment_id": e["id"], "due_on": "2026-03-10"}
        ]
        svc.clock.at = datetime(2026, 3, 12, 2, tzinfo=UTC)
        due = (await c.get("/safety/equipment", params={"due_by": "2026-03-12"})).json()["items"]
        assert [(x["id"], x["check_overdue"]) for x in due] == [(e["id"], True)]

        bad = {"checked_on": "2026-03-12", "result": "ok", "checker_id": "c1", "next_check_on": "2026-03-12"}
        r = await c.post(f"/safety/equipment/{e['id']}/check", json=bad)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "next_check_on"
        r = await c.post(f"/safety/equipment/{e['id']}/check", json={**bad, "checked_on": "2026-03-13"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "checked_on"
        r = await c.post(
            f"/safety/equipment/{e['id']}/check",
            json={**bad, "result": "serviced", "next_check_on": "2027-03-12"},
        )
        assert r.status_code == 200, r.text
        checked = r.json()
        assert checked["next_check_on"] == "2027-03-12" and not checked["check_overdue"]
        assert [x["result"] for x in checked["checks"]] == ["serviced"]
        assert await svc.board("safety_equipment") == {e["id"]: ("office", "open", D("2027-03-12"))}
        assert (await c.get("/safety/equipment", params={"due_by": "2026-12-31"})).json()["items"] == []
        async with svc.uow() as u:
            await deadlines.run_once(u, D("2026-03-20"))
        assert len(await svc.facts("safety_equipment.check_overdue.v1")) == 1

        retired = (await c.post(f"/safety/equipment/{e['id']}/retire")).json()
        assert retired["state"] == "retired" and retired["allowed_commands"] == []
        assert (await svc.board("safety_equipment"))[e["id"]][1] == "closed"
        r = await c.post(f"/safety/equipment/{e['id']}/check", json={**bad, "next_check_on": "2027-03-12"})
        assert r.status_code == 409 and r.json()["current_state"] == "retired"
        async with svc.uow() as u:
            await deadlines.run_once(u, D("2027-03-20"))
        assert len(await svc.facts("safety_equipment.check_overdue.v1")) == 1
        past = await c.post("/safety/equipment", json={"kind": "alarm", "location": "x", "next_check_on": "2026-01-01"})
        assert past.status_code == 422 and past.json()["errors"][0]["field"] == "next_check_on"


async def test_fire_drills_are_recorded_and_listed(svc: Any) -> None:
    async with svc.client() as c:
        drill = {"premises": "機關大樓", "held_on": "2026-02-20", "participants": 45, "scenario": "三樓起火疏散"}
        r = await c.post("/safety/drills", json=drill)
        assert r.status_code == 201, r.text
        d = r.json()
        assert await svc.facts("fire_drill.held.v1") == [
            {"drill_id": d["id"], "held_on": "2026-02-20", "participants": 45}
        ]
        assert (await c.get(f"/safety/drills/{d['id']}")).json()["scenario"] == "三樓起火疏散"
        assert [x["id"] for x in (await c.get("/safety/drills", params={"from_on": "2026-02-01"})).json()["items"]] == [
            d["id"]
        ]
        assert (await c.get("/safety/drills", params={"from_on": "2026-02-21"})).json()["items"] == []
        assert (await c.post("/safety/drills", json={**drill, "participants": 0})).status_code == 422
        r = await c.post("/safety/drills", json={**drill, "held_on": "2026-03-05"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "held_on"
