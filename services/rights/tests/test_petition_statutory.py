"""The statutory rules of petitions (DOMAIN.md, "Rules of law") through HTTP, at rights' fixed
date 2026-03-02: the review opinion's delivery opens the re-review window, closing waits for the
window or a written waiver, and an extension comes only before the handling deadline passes."""

from __future__ import annotations

import json
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from .conftest import Client
from .test_petition_access import AUDITOR, CLERK, HEAD, body


async def ok(c: httpx.AsyncClient, pid: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    r = await c.post(f"/petitions/{pid}/{path}", json=payload or {})
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


async def delivered(as_: Client, received_on: str, accepted_on: str, issued_on: str, delivered_on: str) -> str:
    clerk = as_(CLERK, cadre_id="c1")
    p = (await clerk.post("/petitions", json=body(received_on=received_on))).json()
    await ok(clerk, p["id"], "accept", {"accepted_on": accepted_on})
    await ok(clerk, p["id"], "opinion", {"opinion": "explain", "issued_on": issued_on})
    out = await ok(clerk, p["id"], "deliver-opinion", {"delivered_on": delivered_on})
    assert out["state"] == "opinion_delivered"
    return str(p["id"])


async def test_the_re_review_window_counts_from_the_review_opinions_delivery(as_: Client, rights_app: FastAPI) -> None:
    clerk, head = as_(CLERK, cadre_id="c1"), as_(HEAD, cadre_id="h1")
    pid = await delivered(as_, "2026-01-05", "2026-01-05", "2026-01-10", "2026-01-12")
    await ok(clerk, pid, "review-request", {"requested_on": "2026-01-20"})
    out = await ok(head, pid, "review-decision", {"opinion": "not_support", "decided_on": "2026-01-25"})
    # decided, not yet delivered: no re-review can be asked for, and closing would cut it off
    assert out["state"] == "review_decided" and "close" not in out["allowed_commands"]
    early = await clerk.post(f"/petitions/{pid}/rereview-request", json={"requested_on": "2026-01-26"})
    assert early.status_code == 409 and "deliver_review_opinion" in early.json()["allowed_commands"]
    out = await ok(clerk, pid, "deliver-review-opinion", {"delivered_on": "2026-02-20"})
    assert out["state"] == "review_opinion_delivered" and out["review_opinion_delivered_on"] == "2026-02-20"
    assert out["rereview_request_until"] == "2026-03-23"  # 30 days from 02-20 is Sunday 03-22
    rights_app.state.service.clock.advance(days=30)  # today 2026-04-01: 03-24, a day after the window, is past
    late = await clerk.post(f"/petitions/{pid}/rereview-request", json={"requested_on": "2026-03-24"})
    assert late.status_code == 422 and "2026-03-23" in late.json()["errors"][0]["reason"]
    # 36 days after the review decision, 10 after the delivery: within the window
    out = await ok(clerk, pid, "rereview-request", {"requested_on": "2026-03-02"})
    assert out["state"] == "under_rereview"
    out = await ok(head, pid, "rereview-decision", {"opinion": "not_support", "decided_on": "2026-03-02"})
    assert out["state"] == "finalized" and "deliver_rereview_opinion" in out["allowed_commands"]
    out = await ok(clerk, pid, "deliver-rereview-opinion", {"delivered_on": "2026-03-02"})
    assert out["rereview_opinion_delivered_on"] == "2026-03-02"
    again = await clerk.post(f"/petitions/{pid}/deliver-rereview-opinion", json={})
    assert again.status_code == 409 and again.json()["current_state"] == "finalized"


async def test_a_delivery_before_the_review_decision_is_refused(as_: Client) -> None:
    clerk, head = as_(CLERK, cadre_id="c1"), as_(HEAD, cadre_id="h1")
    pid = await delivered(as_, "2026-01-05", "2026-01-05", "2026-01-10", "2026-01-12")
    await ok(clerk, pid, "review-request", {"requested_on": "2026-01-20"})
    await ok(head, pid, "review-decision", {"opinion": "explain", "decided_on": "2026-01-25"})
    r = await clerk.post(f"/petitions/{pid}/deliver-review-opinion", json={"delivered_on": "2026-01-24"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "delivered_on"


async def test_close_inside_the_review_window_needs_the_written_waiver(as_: Client) -> None:
    clerk = as_(CLERK, cadre_id="c1")
    pid = await delivered(as_, "2026-02-25", "2026-02-25", "2026-02-27", "2026-03-02")
    got = (await clerk.get(f"/petitions/{pid}")).json()
    assert got["review_request_until"] == "2026-04-01"
    r = await clerk.post(f"/petitions/{pid}/close", json={})
    assert r.status_code == 409 and "waiver_received_on" in r.json()["detail"]
    assert (await clerk.get(f"/petitions/{pid}")).json()["state"] == "opinion_delivered"
    bad = await clerk.post(f"/petitions/{pid}/close", json={"waiver_received_on": "2026-03-05"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "waiver_received_on"
    out = await ok(clerk, pid, "close", {"waiver_received_on": "2026-03-02"})
    assert out["state"] == "closed" and out["waiver_received_on"] == "2026-03-02"


async def test_no_extension_once_the_handling_deadline_has_passed(as_: Client) -> None:
    clerk, head = as_(CLERK, cadre_id="c1"), as_(HEAD, cadre_id="h1")
    p = (await clerk.post("/petitions", json=body(received_on="2025-12-15"))).json()
    out = await ok(clerk, p["id"], "accept", {"accepted_on": "2025-12-15"})
    assert out["handling_due"] < "2026-03-02"
    late = await head.post(f"/petitions/{p['id']}/extend", json={"days": 10, "reason": "r"})
    assert late.status_code == 409, late.text
    assert late.json()["current_state"] == "accepted" and "extend" not in late.json()["allowed_commands"]
    assert (await clerk.get(f"/petitions/{p['id']}")).json()["extension_days"] is None


async def deadline_events(app: FastAPI, pid: str) -> list[dict[str, Any]]:
    outbox = app.state.service.definition.tables.outbox
    async with app.state.service.db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
    found = [json.loads(r.payload)["data"] for r in rows if r.event_type.endswith("petition.deadline_changed.v1")]
    return [d for d in found if d["petition_id"] == pid and d["deadline"] == "notice"]


async def test_the_written_notice_is_a_deadline_of_its_own(as_: Client, rights_app: FastAPI) -> None:
    clerk, head = as_(CLERK, cadre_id="c1"), as_(HEAD, cadre_id="h1")
    p = (await clerk.post("/petitions", json=body(received_on="2026-02-25"))).json()
    assert p["notice_due"] == "2026-03-12"  # 15 days from receipt, like the first decision but apart from it
    running = {d["deadline"]: d for d in (await clerk.get(f"/petitions/{p['id']}/deadlines")).json()}
    assert running["notice"]["state"] == "open" and running["first_decision"]["state"] == "open"
    # office's board follows it: announced with its due date, no personal data
    assert [(e["change"], e["due_on"]) for e in await deadline_events(rights_app, p["id"])] == [("set", "2026-03-12")]
    await ok(head, p["id"], "not-accept", {"reason": "不屬於信訪事項"})
    after = {d["deadline"]: d["state"] for d in (await clerk.get(f"/petitions/{p['id']}/deadlines")).json()}
    assert after == {"first_decision": "met", "notice": "open"}  # the decision does not meet the notice
    await ok(clerk, p["id"], "notice", {"sent_on": "2026-03-02"})
    met = {d["deadline"]: d for d in (await clerk.get(f"/petitions/{p['id']}/deadlines")).json()}["notice"]
    assert (met["state"], met["met_on"]) == ("met", "2026-03-02")
    assert [e["change"] for e in await deadline_events(rights_app, p["id"])] == ["set", "met"]

    # waived when the address is unknown: the deadline falls away (cancelled, not overdue)
    q = (await clerk.post("/petitions", json=body(received_on="2026-02-25"))).json()
    await ok(head, q["id"], "route", {"organ": "長沙市自然資源和規劃局"})
    await ok(clerk, q["id"], "notice", {"waived": "address_unknown"})
    notice = {d["deadline"]: d for d in (await clerk.get(f"/petitions/{q['id']}/deadlines")).json()}["notice"]
    assert notice["state"] == "cancelled"
    assert [e["change"] for e in await deadline_events(rights_app, q["id"])] == ["set", "cancelled"]


async def test_a_petitioner_without_an_id_number_is_matched_by_name_and_phone(as_: Client, rights_app: FastAPI) -> None:
    clerk = as_(CLERK, cadre_id="c1")

    def without_id(name: str, phone: str) -> dict[str, Any]:
        b = body(received_on="2026-03-01", category="housing")
        b["petitioner"] = {"name": name, "status": "returnee", "phone": phone}
        return b

    first = (await clerk.post("/petitions", json=without_id("李 華", "138-0000-1111"))).json()
    assert first["state"] == "filed"
    # the same person written another way: full-width spaces, the country code
    again = (await clerk.post("/petitions", json=without_id("李\u3000華", "+86 13800001111"))).json()
    assert again["state"] == "linked" and again["repeat_of"] == first["id"]
    other = (await clerk.post("/petitions", json=without_id("李華", "13800002222"))).json()
    assert other["state"] == "filed" and other["repeat_of"] is None
    # only a keyed hash is kept, and nothing of it is published
    async with rights_app.state.service.uow() as u:
        digests = (await u.session.execute(sa.text("SELECT petitioner_contact_hash FROM petitions"))).scalars().all()
    assert len(digests[0]) == 64 and "13800001111" not in digests[0] and digests[0] == digests[1] != digests[2]
    outbox = rights_app.state.service.definition.tables.outbox
    async with rights_app.state.service.db.engine.connect() as conn:
        raw = (await conn.execute(sa.select(outbox.c.payload))).scalars()
        published = " ".join(json.dumps(json.loads(r), ensure_ascii=False) for r in raw)
    assert "13800001111" not in published and digests[0] not in published and "李" not in published


async def test_staff_link_and_unlink_a_repeat_by_hand_with_a_reason(as_: Client, rights_app: FastAPI) -> None:
    clerk = as_(CLERK, cadre_id="c1", account_id="clerk-1")
    first = (await clerk.post("/petitions", json=body(received_on="2026-02-25", category="housing"))).json()
    b = body(received_on="2026-02-26", category="housing")
    b["petitioner"] = {"name": "李華", "status": "returnee"}  # no ID number, no phone: not matched on intake
    second = (await clerk.post("/petitions", json=b)).json()
    assert second["state"] == "filed"
    why = {"repeat_of": first["id"], "reason": "同一祖屋糾紛，李華本人再次來信"}
    leader = as_({"leader"}, account_id="leader-1")
    assert (await leader.post(f"/petitions/{second['id']}/link-repeat", json=why)).status_code == 403
    self_link = await clerk.post(f"/petitions/{second['id']}/link-repeat", json={**why, "repeat_of": second["id"]})
    assert self_link.status_code == 422 and self_link.json()["errors"][0]["field"] == "repeat_of"
    out = await ok(clerk, second["id"], "link-repeat", why)
    assert out["state"] == "linked" and out["repeat_of"] == first["id"] and out["repeat_reason"] == why["reason"]
    running = {d["deadline"]: d["state"] for d in (await clerk.get(f"/petitions/{second['id']}/deadlines")).json()}
    assert running == {"first_decision": "cancelled", "notice": "cancelled"}
    again = await clerk.post(f"/petitions/{second['id']}/link-repeat", json=why)
    assert again.status_code == 409 and again.json()["allowed_commands"] == ["unlink_repeat"]

    out = await ok(clerk, second["id"], "unlink-repeat", {"reason": "經核實為不同房產"})
    assert out["state"] == "filed" and out["repeat_of"] is None and out["repeat_reason"] == "經核實為不同房產"
    running = {d["deadline"]: d["state"] for d in (await clerk.get(f"/petitions/{second['id']}/deadlines")).json()}
    assert running == {"first_decision": "open", "notice": "open"}

    # each command is in the audit log with who gave it; the events carry no reason and no name
    rows = (await as_(AUDITOR).get("/audit", params={"account_id": "clerk-1"})).json()["items"]
    actions = [(r["action"], r["record_id"]) for r in rows]
    assert ("POST /petitions/{petition_id}/link-repeat", second["id"]) in actions
    assert ("POST /petitions/{petition_id}/unlink-repeat", second["id"]) in actions
    outbox = rights_app.state.service.definition.tables.outbox
    async with rights_app.state.service.db.engine.connect() as conn:
        rows2 = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload))).all()
    facts = {r.event_type.removeprefix("qiaolian.rights.petition."): json.loads(r.payload)["data"] for r in rows2}
    assert facts["linked_as_repeat.v1"] == {
        "petition_id": second["id"],
        "repeat_of": first["id"],
        "received_on": "2026-02-26",
        "by_hand": True,
    }
    assert facts["repeat_unlinked.v1"]["was_repeat_of"] == first["id"]
    published = " ".join(json.dumps(json.loads(r.payload), ensure_ascii=False) for r in rows2)
    assert "李華" not in published and "祖屋" not in published and "房產" not in published
