"""課題調研: a topic of the yearly plan with its owner office and milestones, each milestone on that
office's board until done (overdue ones flagged); the final report only after every milestone
(409 before). Through office's HTTP API on SQLite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

D = date.fromisoformat


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
    async with svc.client() as c:
        r = await c.post("/research-topics", json=TOPIC)
        assert r.status_code == 201, r.text
        t = r.json()
        first, second = t["milestones"]
        assert t["allowed_commands"] == ["add_milestone", "cancel", "complete_milestone", "file_report"]
        assert await svc.board("research_milestone") == {
            first["id"]: ("liaison", "open", D("2026-04-30")),
            second["id"]: ("liaison", "open", D("2026-07-31")),
        }
        assert await svc.facts("research_topic.planned.v1") == [
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
        assert (await svc.board("research_milestone"))[first["id"]][1] == "closed"
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
        assert await svc.facts("research_topic.report_filed.v1") == [
            {"topic_id": t["id"], "plan_year": 2026, "office": "liaison", "filed_on": "2026-05-05"}
        ]
        late = await c.post(f"/research-topics/{t['id']}/milestones", json={"title": "補充", "due_on": "2026-08-01"})
        assert late.status_code == 409 and late.json()["current_state"] == "reported"
        assert (await c.get("/research-topics", params={"overdue": True})).json()["items"] == []


async def test_a_cancelled_topic_leaves_the_board_and_bad_plans_answer_422(svc: Any) -> None:
    async with svc.client() as c:
        t = (await c.post("/research-topics", json={**TOPIC, "office": "rights"})).json()
        added = await c.post(f"/research-topics/{t['id']}/milestones", json={"title": "座談", "due_on": "2026-05-15"})
        assert added.status_code == 200 and len(added.json()["milestones"]) == 3
        r = await c.post(f"/research-topics/{t['id']}/milestones", json={"title": "x", "due_on": "2029-01-01"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "due_on"
        gone = (await c.post(f"/research-topics/{t['id']}/cancel")).json()
        assert gone["state"] == "cancelled"
        assert {s for _, s, _ in (await svc.board("research_milestone")).values()} == {"closed"}
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
    async with svc.client({"leader"}) as c:
        assert (await c.get("/research-topics")).status_code == 200
        assert (await c.post("/research-topics", json=TOPIC)).status_code == 403
