"""Office (辦公室) through HTTP: staff outbound trips (因公出國(境)) with the approval chain, passport
custody on the supervision board, and the report after return."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from qiaolian_chassis.testing import TokenAuth

from .conftest import eventually

pytestmark = pytest.mark.system

CHAIN = ["office_head", "federation_leader", "foreign_affairs"]


def beijing_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


ROLE_OF_STEP = {"office_head": "office.head", "federation_leader": "leader", "foreign_affairs": "foreign_affairs"}


def as_role(step: str) -> TokenAuth:
    """The person who decides `step` (one person per step: nobody decides two steps of a trip)."""
    return TokenAuth(
        "office",
        roles={ROLE_OF_STEP.get(step, "leader")},
        account_id=f"acc-{step}",
        cadre_id=f"c-{step}",
        office="office",
    )


def application(cadre_id: str, departs: int = 3, returns: int = 8) -> dict:
    today = beijing_today()
    return {
        "cadre_id": cadre_id,
        "destinations": ["HK", "MY"],
        "purpose": "出席世界湘商大會並走訪僑團",
        "inviting_organisation": "馬來西亞湖南同鄉會",
        "departs_on": str(today + timedelta(days=departs)),
        "returns_on": str(today + timedelta(days=returns)),
    }


def staff_member(http) -> str:
    """A cadre appointed in personnel, once office's staff directory has them."""
    cadre = http("personnel").post("/cadres", json={"name": f"出訪{uuid.uuid4().hex[:4]}"}).json()
    r = http("personnel").post(
        f"/cadres/{cadre['id']}/appointments",
        json={"office": "liaison", "post": "一級主任科員", "effective_on": "2026-03-01"},
    )
    assert r.status_code == 201, r.text
    eventually(
        lambda: any(
            i["cadre_id"] == cadre["id"]
            for i in http("office").get("/directory", params={"office": "liaison", "limit": 500}).json()["items"]
        )
    )
    return cadre["id"]


def apply(http, cadre_id: str, **days: int) -> dict:
    r = http("office").post("/outbound-trips", json=application(cadre_id, **days))
    assert r.status_code == 201, r.text
    return r.json()


def approve(http, trip_id: str, step: str) -> dict:
    r = http("office").post(f"/outbound-trips/{trip_id}/approve", json={"step": step}, auth=as_role(step))
    assert r.status_code == 200, r.text
    return r.json()


def test_a_trip_is_approved_in_order_the_passport_is_watched_until_it_is_back_and_the_report_closes_it(http):
    today = beijing_today()
    cadre = staff_member(http)
    trip = apply(http, cadre)
    assert (trip["state"], trip["next_step"], trip["allowed_commands"]) == (
        "applied",
        "office_head",
        ["approve", "reject", "withdraw"],
    )
    assert trip["office"] == "liaison" and trip["destinations"] == ["HK", "MY"]
    tid = trip["id"]
    assert [s["step"] for s in http("office").get("/outbound-trips/approval-chain").json()] == CHAIN

    r = http("office").post(
        f"/outbound-trips/{tid}/approve",
        json={"step": "federation_leader"},
        auth=as_role("federation_leader"),
    )
    assert r.status_code == 409 and r.json()["next_step"] == "office_head"
    r = http("office").post(
        f"/outbound-trips/{tid}/approve",
        json={"step": "office_head"},
        auth=as_role("federation_leader"),
    )
    assert r.status_code == 403
    r = http("office").post(f"/outbound-trips/{tid}/issue-passport", json={})
    assert r.status_code == 409 and r.json()["current_state"] == "applied"

    assert approve(http, tid, "office_head")["next_step"] == "federation_leader"
    assert approve(http, tid, "federation_leader")["next_step"] == "foreign_affairs"
    trip = approve(http, tid, "foreign_affairs")
    assert (trip["state"], trip["approved_on"], trip["next_step"]) == ("approved", str(today), None)
    assert [d["step"] for d in trip["decisions"]] == CHAIN and all(d["approved"] for d in trip["decisions"])

    r = http("office").post(f"/outbound-trips/{tid}/report", json={"report": "出訪報告"})
    assert r.status_code == 409  # the passport comes back before the report
    r = http("office").post(f"/outbound-trips/{tid}/issue-passport", json={"passport_number": "e12345678"})
    assert r.status_code == 200, r.text
    trip = r.json()
    due = str(today + timedelta(days=8 + 7))
    assert (trip["state"], trip["passport_number"], trip["passport_due_on"]) == ("passport_issued", "E******78", due)
    assert trip["passport_overdue"] is False
    listed = http("office").get("/outbound-trips", params={"cadre_id": cadre}).json()
    assert [t["id"] for t in listed["items"]] == [tid] and "E12345678" not in str(listed)
    assert "E12345678" not in http("office").get(f"/outbound-trips/{tid}").text

    board = http("office").get("/supervision/items", params={"kind": "passport_return", "limit": 500}).json()
    [item] = [i for i in board["items"] if i["source_id"] == tid]
    assert (item["office"], item["due_on"], item["overdue"]) == ("liaison", due, False)
    late = http("office").get("/outbound-trips", params={"passport_overdue": "true", "limit": 500}).json()["items"]
    assert tid not in [t["id"] for t in late] and all(t["passport_overdue"] for t in late)

    r = http("office").post(f"/outbound-trips/{tid}/return-passport")
    assert r.status_code == 200 and (r.json()["state"], r.json()["passport_returned_on"]) == (
        "passport_returned",
        str(today),
    )
    board = (
        http("office")
        .get("/supervision/items", params={"kind": "passport_return", "state": "closed", "limit": 500})
        .json()
    )
    assert tid in [i["source_id"] for i in board["items"]]
    r = http("office").post(f"/outbound-trips/{tid}/report", json={"report": "會見僑領十二人，簽署合作備忘錄。"})
    assert r.status_code == 200 and (r.json()["state"], r.json()["report_filed_on"]) == ("closed", str(today))
    assert r.json()["allowed_commands"] == []
    assert http("office").get(f"/outbound-trips/{tid}").json()["report"] == "會見僑領十二人，簽署合作備忘錄。"


def test_a_rejection_ends_the_application_and_lists_filter_by_state(http):
    cadre = staff_member(http)
    trip = apply(http, cadre)
    approve(http, trip["id"], "office_head")
    r = http("office").post(
        f"/outbound-trips/{trip['id']}/reject",
        json={"step": "federation_leader", "reason": "日程衝突"},
        auth=as_role("federation_leader"),
    )
    assert r.status_code == 200 and (r.json()["state"], r.json()["allowed_commands"]) == ("rejected", [])
    assert r.json()["decisions"][-1] == {
        **r.json()["decisions"][-1],
        "step": "federation_leader",
        "approved": False,
        "note": "日程衝突",
    }
    r = http("office").post(
        f"/outbound-trips/{trip['id']}/approve",
        json={"step": "federation_leader"},
        auth=as_role("federation_leader"),
    )
    assert r.status_code == 409 and r.json()["current_state"] == "rejected"

    other = apply(http, cadre, departs=20, returns=25)
    rejected = http("office").get("/outbound-trips", params={"cadre_id": cadre, "state": "rejected"}).json()
    assert [t["id"] for t in rejected["items"]] == [trip["id"]]
    page = http("office").get("/outbound-trips", params={"cadre_id": cadre, "limit": 1}).json()
    assert (page["total"], [t["id"] for t in page["items"]]) == (2, [other["id"]])  # latest departure first


def test_bad_applications_get_422_with_the_field_and_reason(http):
    cadre = staff_member(http)
    cases = [
        ({"returns_on": str(beijing_today())}, "returns_on"),
        ({"departs_on": str(beijing_today() - timedelta(days=1))}, "departs_on"),
        ({"cadre_id": f"nobody-{uuid.uuid4().hex[:6]}"}, "cadre_id"),
        ({"destinations": ["CN"]}, "destinations"),
        ({"destinations": []}, "destinations"),
        ({"destinations": ["hk"]}, "destinations.0"),
        ({"purpose": " "}, "purpose"),
    ]
    for change, field in cases:
        r = http("office").post("/outbound-trips", json={**application(cadre), **change})
        assert r.status_code == 422, (change, r.text)
        assert r.json()["errors"][0]["field"] == field and r.json()["errors"][0]["reason"]
    trip = apply(http, cadre)
    for step in CHAIN:
        approve(http, trip["id"], step)
    r = http("office").post(f"/outbound-trips/{trip['id']}/issue-passport", json={"passport_number": "E-1"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "passport_number"
    assert "E-1" not in r.text  # the reason, never the value
    r = http("office").post(
        f"/outbound-trips/{trip['id']}/approve", json={"step": "chairman"}, auth=as_role("chairman")
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "step"
    assert http("office").get(f"/outbound-trips/{uuid.uuid4().hex}").status_code == 404


def test_a_trip_that_will_not_happen_is_withdrawn_by_the_office_head_before_the_passport_is_out(http):
    today = beijing_today()
    cadre = staff_member(http)
    trip = apply(http, cadre)
    tid = trip["id"]
    assert trip["allowed_commands"] == ["approve", "reject", "withdraw"]
    url = f"/outbound-trips/{tid}/withdraw"
    assert http("office").post(url, json={}, auth=as_role("office_head")).status_code == 422
    r = http("office").post(url, json={"reason": "邀請方取消"}, auth=as_role("federation_leader"))
    assert r.status_code == 403
    r = http("office").post(url, json={"reason": "邀請方取消"}, auth=as_role("office_head"))
    assert r.status_code == 200, r.text
    assert (
        r.json()["state"],
        r.json()["allowed_commands"],
        r.json()["withdrawn_by"],
        r.json()["withdrawn_on"],
        r.json()["withdrawal_reason"],
    ) == ("withdrawn", [], "c-office_head", str(today), "邀請方取消")  # the signed-in head's cadre
    assert http("office").get(f"/outbound-trips/{tid}").json()["withdrawn_by"] == "c-office_head"
    listed = http("office").get("/outbound-trips", params={"cadre_id": cadre, "state": "withdrawn"}).json()
    assert [t["id"] for t in listed["items"]] == [tid]

    out = apply(http, cadre, departs=20, returns=25)
    for step in CHAIN:
        approve(http, out["id"], step)
    assert http("office").post(f"/outbound-trips/{out['id']}/issue-passport", json={}).status_code == 200
    r = http("office").post(
        f"/outbound-trips/{out['id']}/withdraw", json={"reason": "取消"}, auth=as_role("office_head")
    )
    assert r.status_code == 409 and r.json()["allowed_commands"] == ["return_passport"]
