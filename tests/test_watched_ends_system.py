"""Issue 18's last watched dates across processes, through NATS: a representative's term is on office's
board from the seat until personnel records its end (here: replaced early), and an approved work plan's
items past their day are on it, flagged overdue, until liaison records them done or dropped."""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx
import pytest

from .conftest import board_item, eventually

pytestmark = pytest.mark.system

Http = Callable[[str], httpx.Client]


def ok(r: httpx.Response, status: int = 200) -> dict:
    assert r.status_code == status, r.text
    return r.json()


def item(http: Http, owner: str, kind: str, source_id: str) -> dict | None:
    return board_item(http("office"), owner, kind, source_id)


def test_a_representative_s_term_leaves_the_board_when_it_ends_early(http: Http) -> None:
    p = http("personnel")
    rep = ok(
        p.post(
            "/representatives",
            json={
                "name": "譚代表",
                "identity": "relative",
                "assembly": "npc",
                "level": "city",
                "session_no": 16,
                "nominated_on": "2026-01-05",
            },
        ),
        201,
    )
    ok(p.post(f"/representatives/{rep['id']}/seat", json={"seated_on": "2026-02-01", "term_ends_on": "2031-01-31"}))
    opened = eventually(lambda: item(http, "personnel", "representative_term", rep["id"]))
    assert (opened["state"], opened["due_on"]) == ("open", "2031-01-31")

    bad = p.post(f"/representatives/{rep['id']}/end-term", json={"ended_on": "2026-09-30", "reason": "resigned"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    ended = ok(p.post(f"/representatives/{rep['id']}/end-term", json={"ended_on": "2026-09-30", "reason": "replaced"}))
    assert (ended["state"], ended["end_reason"], ended["term_ends_on"]) == ("term_ended", "replaced", "2026-09-30")
    eventually(lambda: (item(http, "personnel", "representative_term", rep["id"]) or {}).get("state") == "closed")


def test_a_work_plan_s_overdue_items_stay_on_the_board_until_done_or_dropped(http: Http) -> None:
    liaison = http("liaison")
    year = random.randint(2001, 2020)  # a past year, free: its dated items are overdue once approved
    while liaison.get("/work-plans", params={"year": year}).json()["total"]:
        year = random.randint(2001, 2020)
    plan = ok(liaison.post("/work-plans", json={"year": year, "title": f"{year}年外事工作計劃"}), 201)
    done, dropped = (
        ok(liaison.post(f"/work-plans/{plan['id']}/items", json={"title": t, "due_on": f"{year}-06-30"}), 201)
        for t in ("接待北美僑領回湘", "組團訪問東南亞社團")
    )
    ok(liaison.post(f"/work-plans/{plan['id']}/approve", json={"approved_on": f"{year}-01-05"}))
    for i in (done, dropped):
        opened = eventually(lambda i=i: item(http, "liaison", "work_plan_item", i["id"]))
        assert (opened["state"], opened["due_on"], opened["overdue"]) == ("open", f"{year}-06-30", True)

    ok(liaison.post(f"/work-plans/{plan['id']}/items/{done['id']}/complete", json={"completed_on": f"{year}-07-02"}))
    ok(liaison.post(f"/work-plans/{plan['id']}/items/{dropped['id']}/drop", json={"note": "行程取消"}))
    for i in (done, dropped):
        eventually(lambda i=i: (item(http, "liaison", "work_plan_item", i["id"]) or {}).get("state") == "closed")
