"""參政議政: a proposal or motion is drafted, reviewed (or returned), submitted by the office head
(proposal.submitted; the reply on the board by its due date), answered by the handling organ
(proposal.replied, late or not; off the board) and rated. Through office's HTTP API on SQLite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

D = date.fromisoformat


DRAFT = {
    "body": "cppcc",
    "kind": "proposal",
    "session_year": 2026,
    "title": "關於加強歸僑僑眷權益保護的提案",
    "content": "……",
    "proposers": "省政協委員（僑聯界別）",
}
SUBMIT = {"handling_organ": "省外事辦", "submitted_on": "2026-03-01", "reply_due_on": "2026-06-01"}


async def test_a_proposal_from_draft_to_rated_with_its_reply_on_the_board(svc: Any) -> None:
    async with svc.client() as c:
        r = await c.post("/proposals", json=DRAFT)
        assert r.status_code == 201, r.text
        p = r.json()
        assert p["state"] == "drafting" and p["allowed_commands"] == ["review", "withdraw"]
        early = await c.post(f"/proposals/{p['id']}/submit", json=SUBMIT)
        assert early.status_code == 409 and early.json()["allowed_commands"] == ["review", "withdraw"]
        assert (await c.post(f"/proposals/{p['id']}/review")).json()["state"] == "in_review"
        back = (await c.post(f"/proposals/{p['id']}/return", json={"note": "補充數據"})).json()
        assert back["state"] == "drafting" and back["review_note"] == "補充數據"
        await c.post(f"/proposals/{p['id']}/review")
    async with svc.client({"office.clerk"}) as c:
        assert (await c.post(f"/proposals/{p['id']}/submit", json=SUBMIT)).status_code == 403
    async with svc.client({"office.head"}) as c:
        r = await c.post(f"/proposals/{p['id']}/submit", json=SUBMIT)
        assert r.status_code == 200, r.text
        assert r.json()["state"] == "submitted" and r.json()["allowed_commands"] == ["reply"]
    assert await svc.board("proposal_reply") == {p["id"]: ("office", "open", D("2026-06-01"))}
    assert await svc.facts("proposal.submitted.v1") == [
        {
            "proposal_id": p["id"],
            "body": "cppcc",
            "kind": "proposal",
            "session_year": 2026,
            "submitted_on": "2026-03-01",
            "reply_due_on": "2026-06-01",
        }
    ]
    svc.clock.at = datetime(2026, 6, 10, 2, tzinfo=UTC)
    async with svc.client() as c:
        overdue = (await c.get("/proposals", params={"reply_overdue": True})).json()
        assert [(x["id"], x["reply_overdue"]) for x in overdue["items"]] == [(p["id"], True)]
        r = await c.post(f"/proposals/{p['id']}/reply", json={"replied_on": "2026-02-28", "reply_summary": "已採納"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "replied_on"
        r = await c.post(f"/proposals/{p['id']}/reply", json={"replied_on": "2026-06-08", "reply_summary": "已採納"})
        assert r.status_code == 200 and r.json()["allowed_commands"] == ["rate"]
        assert (await svc.board("proposal_reply"))[p["id"]][1] == "closed"
        assert await svc.facts("proposal.replied.v1") == [
            {"proposal_id": p["id"], "replied_on": "2026-06-08", "reply_due_on": "2026-06-01", "late": True}
        ]
        assert (await c.post(f"/proposals/{p['id']}/rate", json={"rating": "great"})).status_code == 422
        rated = (await c.post(f"/proposals/{p['id']}/rate", json={"rating": "basically_satisfied"})).json()
        assert (
            rated["state"] == "rated" and rated["rating"] == "basically_satisfied" and rated["allowed_commands"] == []
        )
        assert await svc.facts("proposal.rated.v1") == [
            {"proposal_id": p["id"], "rating": "basically_satisfied", "rated_on": "2026-06-10"}
        ]
        again = await c.post(f"/proposals/{p['id']}/rate", json={"rating": "satisfied"})
        assert again.status_code == 409 and again.json()["current_state"] == "rated"
        assert (await c.get(f"/proposals/{p['id']}")).json()["handling_organ"] == "省外事辦"


async def test_lists_filter_by_session_and_bad_input_answers_422(svc: Any) -> None:
    async with svc.client() as c:
        npc = (await c.post("/proposals", json={**DRAFT, "body": "npc", "kind": "motion", "session_year": 2027})).json()
        cppcc = (await c.post("/proposals", json=DRAFT)).json()
        page = (await c.get("/proposals", params={"limit": 1})).json()
        assert [x["id"] for x in page["items"]] == [npc["id"]] and page["total"] == 2
        assert [x["id"] for x in (await c.get("/proposals", params={"session_year": 2026})).json()["items"]] == [
            cppcc["id"]
        ]
        assert [x["id"] for x in (await c.get("/proposals", params={"body": "npc"})).json()["items"]] == [npc["id"]]
        assert (await c.get("/proposals", params={"session_year": 10**20})).status_code == 422
        r = await c.post("/proposals", json={**DRAFT, "kind": "motion"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
        r = await c.post("/proposals", json={**DRAFT, "session_year": 2030})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "session_year"
        await c.post(f"/proposals/{cppcc['id']}/review")
        r = await c.post(f"/proposals/{cppcc['id']}/submit", json={**SUBMIT, "reply_due_on": "2026-03-01"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reply_due_on"
        r = await c.post(f"/proposals/{cppcc['id']}/submit", json={**SUBMIT, "submitted_on": "2026-03-02"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "submitted_on"
        assert (await c.get(f"/proposals/{cppcc['id']}")).json()["state"] == "in_review"
        gone = (await c.post(f"/proposals/{npc['id']}/withdraw")).json()
        assert gone["state"] == "withdrawn" and gone["allowed_commands"] == []
        assert (await c.post("/proposals/nope/review")).status_code == 404
    assert await svc.board("proposal_reply") == {}
