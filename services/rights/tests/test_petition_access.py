"""Petitions' personal fields and report-and-accusation petitions per ACCESS.md, through HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime

from qiaolian_chassis.auth import Principal
from qiaolian_rights.petitions import access
from qiaolian_rights.petitions.tables import Petition

from .conftest import Client

ID = "430102199001011238"
HEAD = {"rights.head"}
CLERK = {"rights.clerk"}
AUDITOR = {"auditor"}


def body(**kw: object) -> dict:
    return {
        "channel": "visit",
        "petitioner": {
            "name": "李華",
            "status": "returnee",
            "id_number": ID,
            "phone": "13800000000",
            "address": "長沙市開福區",
        },
        "agent": {"name": "王律師", "phone": "13900000000"},
        "representatives": ["張三", "李四"],
        "petition_class": "claim",
        "category": "property",
        "summary": "祖屋被佔用，請求協調",
        "received_on": "2026-03-01",
        **kw,
    }


async def test_rights_staff_and_the_leader_see_the_personal_fields(as_: Client) -> None:
    p = (await as_(CLERK, cadre_id="c1").post("/petitions", json=body())).json()
    for roles in (CLERK, HEAD, {"leader"}):
        got = (await as_(roles).get(f"/petitions/{p['id']}")).json()
        assert got["petitioner"] == {
            "name": "李華",
            "status": "returnee",
            "id_number": "430*************38",
            "phone": "13800000000",
            "address": "長沙市開福區",
        }
        assert got["agent"] == {"name": "王律師", "phone": "13900000000"}
        assert got["representatives"] == ["張三", "李四"] and got["summary"] == "祖屋被佔用，請求協調"
    assert (await as_({"office.head"}).get(f"/petitions/{p['id']}")).status_code == 403


def test_anyone_else_gets_names_masked_and_the_rest_left_out() -> None:
    p = Petition(
        id="p1",
        channel="visit",
        petitioner_name="李華",
        petitioner_status="returnee",
        petitioner_id_masked="430*************38",
        petitioner_phone="13800000000",
        petitioner_address="長沙市開福區",
        agent_name="王律師",
        agent_phone="13900000000",
        representatives=["張三"],
        petition_class="claim",
        category="property",
        summary="s",
        received_on=date(2026, 3, 1),
        state="filed",
        first_decision_due=date(2026, 3, 16),
        decision_reason="r",
        hearing_days=0,
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    other = Principal(account_id="a", cadre_id=None, office="office", roles=frozenset({"office.head"}))
    out = access.shaped(p, other)
    assert out.petitioner.model_dump() == {
        "name": "李*",
        "status": "returnee",
        "id_number": None,
        "phone": None,
        "address": None,
    }
    assert out.agent is not None and out.agent.name == "王**" and out.agent.phone is None
    assert out.representatives == ["張*"] and out.summary is None and out.decision_reason is None


async def test_a_report_and_accusation_exists_only_for_its_handler_and_the_head(as_: Client) -> None:
    head = as_(HEAD, cadre_id="h1")
    p = (await head.post("/petitions", json=body(petition_class="report_accusation"))).json()
    plain = (await head.post("/petitions", json=body(received_on="2026-03-02"))).json()
    c1, c2, leader = as_(CLERK, cadre_id="c1"), as_(CLERK, cadre_id="c2"), as_({"leader"})

    def ids(page: dict) -> set[str]:
        return {x["id"] for x in page["items"]}

    for who in (c1, c2, leader):
        assert (await who.get(f"/petitions/{p['id']}")).status_code == 404
        assert (await who.get(f"/petitions/{p['id']}/deadlines")).status_code == 404
        assert p["id"] not in ids((await who.get("/petitions")).json())
        assert plain["id"] in ids((await who.get("/petitions")).json())
    assert (await c1.post(f"/petitions/{p['id']}/accept", json={})).status_code == 404
    assert p["id"] not in {x["id"] for x in (await c2.post("/petitioners/lookup", json={"id_number": ID})).json()}
    assert (await head.post(f"/petitions/{p['id']}/accept", json={})).status_code == 200
    assert (await head.post(f"/petitions/{p['id']}/assign-handler", json={"cadre_id": "c1"})).status_code == 200
    assert (await c1.get(f"/petitions/{p['id']}")).json()["petitioner"]["name"] == "李華"
    assert p["id"] in ids((await c1.get("/petitions")).json())
    assert (await c2.get(f"/petitions/{p['id']}")).status_code == 404
    assert p["id"] not in ids((await leader.get("/petitions")).json())
    assert (await leader.get("/petitions/stats")).status_code == 200  # counts only


async def test_the_extension_is_approved_by_the_signed_in_head(as_: Client) -> None:
    clerk, head = as_(CLERK, cadre_id="c1"), as_(HEAD, cadre_id="h1")
    p = (await clerk.post("/petitions", json=body())).json()
    assert (await clerk.post(f"/petitions/{p['id']}/accept", json={})).status_code == 200
    named = await head.post(f"/petitions/{p['id']}/extend", json={"days": 10, "approved_by": "劉主席", "reason": "r"})
    assert named.status_code == 422  # the approver is never a name in the body
    assert (await clerk.post(f"/petitions/{p['id']}/extend", json={"days": 10, "reason": "r"})).status_code == 403
    out = (await head.post(f"/petitions/{p['id']}/extend", json={"days": 10, "reason": "r"})).json()
    assert out["extension_approved_by"] == "h1"


async def test_a_read_of_personal_fields_is_audited(as_: Client) -> None:
    p = (await as_(CLERK, cadre_id="c1").post("/petitions", json=body())).json()
    assert (await as_({"leader"}, account_id="leader-1").get(f"/petitions/{p['id']}")).status_code == 200
    assert (await as_(CLERK).get("/audit")).status_code == 403
    rows = (await as_(AUDITOR).get("/audit", params={"account_id": "leader-1"})).json()["items"]
    assert [(r["action"], r["record_id"]) for r in rows] == [("GET /petitions/{petition_id}", p["id"])]
    assert {"petitioner.name", "petitioner.phone", "summary"} <= set(rows[0]["fields"])
    lookups = await as_(CLERK, account_id="clerk-9").post("/petitioners/lookup", json={"id_number": ID})
    assert [x["id"] for x in lookups.json()] == [p["id"]]
    rows = (await as_(AUDITOR).get("/audit", params={"account_id": "clerk-9"})).json()["items"]
    assert rows[0]["action"] == "POST /petitioners/lookup" and "id_number_lookup" in rows[0]["fields"]


async def test_a_dispute_never_reveals_a_report_and_accusation_petition_to_others(as_: Client) -> None:
    head, c1, c2 = as_(HEAD, cadre_id="h1"), as_(CLERK, cadre_id="c1"), as_(CLERK, cadre_id="c2")
    p = (await head.post("/petitions", json=body(petition_class="report_accusation"))).json()
    dispute = {"category": "property", "parties": ["甲", "乙"], "facts": "f", "petition_id": p["id"]}
    refused = await c2.post("/disputes", json=dispute)
    assert refused.status_code == 422 and "petition_id" in refused.text
    d = (await head.post("/disputes", json=dispute)).json()
    assert d["petition_id"] == p["id"]
    assert (await head.post(f"/petitions/{p['id']}/accept", json={})).status_code == 200
    assert (await head.post(f"/petitions/{p['id']}/assign-handler", json={"cadre_id": "c1"})).status_code == 200
    assert (await c2.get(f"/disputes/{d['id']}")).json()["petition_id"] is None
    assert [x["petition_id"] for x in (await c2.get("/disputes")).json()["items"]] == [None]
    assert (await c2.get("/disputes", params={"petition_id": p["id"]})).json()["items"] == []
    for who in (c1, head):
        assert (await who.get(f"/disputes/{d['id']}")).json()["petition_id"] == p["id"]
        assert [x["id"] for x in (await who.get("/disputes", params={"petition_id": p["id"]})).json()["items"]] == [
            d["id"]
        ]


async def test_a_petitions_history_lists_who_gave_which_command_and_only_for_those_who_may_read_it(
    as_: Client,
) -> None:
    clerk, head = as_(CLERK, account_id="acct-clerk", cadre_id="c1"), as_(HEAD, account_id="acct-head")
    p = (await clerk.post("/petitions", json=body())).json()
    await clerk.get(f"/petitions/{p['id']}")  # a read of personal fields: audited, but no step of the timeline
    assert (await head.post(f"/petitions/{p['id']}/accept", json={})).status_code == 200
    history = (await head.get(f"/petitions/{p['id']}/history")).json()
    assert [(h["command"], h["account_id"]) for h in history] == [
        ("POST /petitions", "acct-clerk"),
        ("POST /petitions/{petition_id}/accept", "acct-head"),
    ]
    assert history[0]["at"] <= history[1]["at"]
    assert (await as_({"office.head"}).get(f"/petitions/{p['id']}/history")).status_code == 403
    assert (await head.get("/petitions/nope/history")).status_code == 404
