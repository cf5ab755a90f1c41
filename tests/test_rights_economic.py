"""The economic work of rights through HTTP with the system running: the project pipeline,
貢獻獎 nominations, 創業中華 activities and startup bases."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
import pytest

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.testing import ok

pytestmark = pytest.mark.system

Http = Callable[[str], httpx.Client]
TODAY = datetime.now(CHINA).date()  # the services' date is Beijing's


def region() -> str:
    return f"e{random.randint(0, 10**9)}"


def test_a_project_goes_from_lead_to_signed_and_cannot_skip_stages(http: Http) -> None:
    rights, where = http("rights"), region()
    p = ok(
        rights.post(
            "/projects",
            json={
                "kind": "technology",
                "title": "氫能電堆技術引進",
                "organisation": "某氫能科技公司",
                "sector": "new_energy",
                "region": where,
                "country": "DE",
                "intended_amount_10k_yuan": 3000,
                "lead_on": str(TODAY - timedelta(days=30)),
            },
        ),
        201,
    )
    assert (p["stage"], p["outcome"], p["allowed_commands"]) == ("lead", None, ["contact", "drop"])
    r = rights.post(f"/projects/{p['id']}/sign", json={})
    assert r.status_code == 409
    assert (r.json()["current_state"], r.json()["allowed_commands"]) == ("lead", ["contact", "drop"])
    ok(rights.post(f"/projects/{p['id']}/contact", json={"on": str(TODAY - timedelta(days=20))}))
    ok(rights.post(f"/projects/{p['id']}/negotiate"))
    signed = ok(rights.post(f"/projects/{p['id']}/sign", json={"contract_amount_10k_yuan": 2800}))
    assert (signed["stage"], signed["outcome"], signed["contract_amount_10k_yuan"]) == ("signed", "signed", 2800)
    listed = ok(rights.get("/projects", params={"region": where, "stage": "signed", "limit": 1}))
    assert listed["total"] == 1 and listed["items"][0]["id"] == p["id"]
    assert ok(rights.get("/projects", params={"region": where, "stage": "lead"}))["total"] == 0


def test_bad_project_input_is_422_with_the_field(http: Http) -> None:
    rights = http("rights")
    r = rights.post(
        "/projects",
        json={
            "kind": "talent",
            "title": "x",
            "organisation": "y",
            "sector": "it",
            "region": "changsha",
            "intended_amount_10k_yuan": -1,
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "intended_amount_10k_yuan"
    r = rights.post(
        "/projects",
        json={
            "kind": "talent",
            "title": "x",
            "organisation": "y",
            "sector": "it",
            "region": "changsha",
            "lead_on": str(TODAY + timedelta(days=2)),
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "lead_on", "reason": "cannot be in the future"}]
    p = ok(
        rights.post(
            "/projects",
            json={"kind": "talent", "title": "x", "organisation": "y", "sector": "it", "region": "changsha"},
        ),
        201,
    )
    r = rights.post(f"/projects/{p['id']}/drop", json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    assert rights.get("/projects/nope").status_code == 404


def test_a_nomination_is_recommended_within_the_quota_and_its_result_recorded(http: Http) -> None:
    rights, where = http("rights"), region()
    call = ok(
        rights.post(
            "/award-calls",
            json={
                "title": "中國僑界貢獻獎",
                "edition": TODAY.year,
                "opens_on": str(TODAY - timedelta(days=5)),
                "closes_on": str(TODAY + timedelta(days=30)),
                "quota": 1,
            },
        ),
        201,
    )
    ids = []
    for name in ("陳博士", "林團隊"):
        n = ok(
            rights.post(
                "/award-nominations",
                json={
                    "call_id": call["id"],
                    "nominee_kind": "individual",
                    "nominee_name": name,
                    "category": "innovation_talent",
                    "region": where,
                    "dossier": "事蹟材料",
                },
            ),
            201,
        )
        assert n["state"] == "dossier"
        ok(rights.post(f"/award-nominations/{n['id']}/submit"))
        ok(rights.post(f"/award-nominations/{n['id']}/review", json={"passed": True}))
        ids.append(n["id"])
    assert ok(rights.post(f"/award-nominations/{ids[0]}/recommend"))["state"] == "recommended"
    r = rights.post(f"/award-nominations/{ids[1]}/recommend")
    assert r.status_code == 409 and r.json()["quota"] == 1
    r = rights.post(f"/award-nominations/{ids[1]}/result", json={"awarded": True})
    assert r.status_code == 409 and r.json()["current_state"] == "reviewed"
    done = ok(rights.post(f"/award-nominations/{ids[0]}/result", json={"awarded": True}))
    assert done["state"] == "awarded" and done["allowed_commands"] == []
    listed = ok(rights.get("/award-nominations", params={"call_id": call["id"], "state": "reviewed"}))
    assert [n["id"] for n in listed["items"]] == [ids[1]]
    r = rights.get("/award-nominations", params={"state": "won"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "state"


def test_a_closed_call_takes_no_nominations(http: Http) -> None:
    rights = http("rights")
    r = rights.post(
        "/award-calls",
        json={"title": "t", "edition": TODAY.year, "opens_on": str(TODAY), "closes_on": str(TODAY - timedelta(days=1))},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "closes_on"
    call = ok(
        rights.post(
            "/award-calls",
            json={
                "title": "t",
                "edition": TODAY.year,
                "opens_on": str(TODAY),
                "closes_on": str(TODAY + timedelta(days=1)),
            },
        ),
        201,
    )
    assert ok(rights.post(f"/award-calls/{call['id']}/close"))["state"] == "closed"
    r = rights.post(
        "/award-nominations",
        json={
            "call_id": call["id"],
            "nominee_kind": "organisation",
            "nominee_name": "某公司",
            "category": "contribution",
            "region": "changsha",
            "dossier": "材料",
        },
    )
    assert r.status_code == 409
    r = rights.post(f"/award-calls/{call['id']}/close")
    assert r.status_code == 409 and r.json()["allowed_commands"] == []


def test_activities_are_recorded_and_a_base_is_accredited_then_revoked(http: Http) -> None:
    rights, where = http("rights"), region()
    a = ok(
        rights.post(
            "/startup-activities",
            json={
                "title": "創業中華·長沙行",
                "kind": "matchmaking",
                "region": where,
                "held_on": str(TODAY),
                "participants": 120,
                "projects_matched": 8,
            },
        ),
        201,
    )
    listed = ok(rights.get("/startup-activities", params={"region": where, "kind": "matchmaking"}))
    assert listed["total"] == 1 and listed["items"][0]["id"] == a["id"]
    r = rights.post(
        "/startup-activities",
        json={"title": "x", "kind": "forum", "region": where, "held_on": str(TODAY), "participants": -3},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "participants"
    b = ok(
        rights.post(
            "/startup-bases",
            json={"name": "新僑創新創業基地", "operator": "某科技園", "region": where, "focus": "electronics"},
        ),
        201,
    )
    r = rights.post(f"/startup-bases/{b['id']}/accredit", json={"valid_to": str(TODAY)})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "valid_to"
    acc = ok(rights.post(f"/startup-bases/{b['id']}/accredit", json={"valid_to": str(TODAY + timedelta(days=3 * 365))}))
    assert acc["state"] == "accredited" and acc["allowed_commands"] == ["revoke"]
    r = rights.post(f"/startup-bases/{b['id']}/accredit", json={"valid_to": str(TODAY + timedelta(days=9))})
    assert r.status_code == 409 and r.json()["current_state"] == "accredited"
    assert ok(rights.post(f"/startup-bases/{b['id']}/revoke", json={"reason": "停止運營"}))["state"] == "revoked"
    assert ok(rights.get("/startup-bases", params={"region": where, "state": "revoked"}))["total"] == 1
