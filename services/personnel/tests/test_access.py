"""Access through personnel's HTTP API (ACCESS.md): a permission on every route, personal fields
shaped per role, decisions by the signed-in person, and reads of personal fields in the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.testing import TokenAuth, forbidden, in_process
from qiaolian_personnel.app import definition

CLERK = TokenAuth("personnel", {"personnel.clerk"}, account_id="a-clerk", cadre_id="c-clerk")
HEAD = TokenAuth("personnel", {"personnel.head"}, account_id="a-head", cadre_id="c-head")
LEADER = TokenAuth("personnel", {"leader"}, account_id="a-leader", cadre_id="c-leader")
RIGHTS = TokenAuth("personnel", {"rights.clerk"}, account_id="a-rights", cadre_id="c-rights")
AUDITOR = TokenAuth("personnel", {"auditor"}, account_id="a-auditor")
DISCIPLINE = TokenAuth("personnel", {"discipline"}, account_id="a-discipline")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC))


@pytest.fixture
async def client(tmp_path: Path, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    # the HTTP app on SQLite at a fixed time, without relay or consumers: these requests need no NATS
    async with in_process(definition(), clock, tmp_path) as svc, svc.client(CLERK) as c:
        yield c


async def cadre(c: httpx.AsyncClient, name: str = "王芳") -> dict[str, Any]:
    r = await c.post("/cadres", json={"name": name, "gender": "female", "birth_date": "1980-05-01"})
    assert r.status_code == 201, r.text
    return r.json()


async def test_no_token_is_401_and_each_concept_needs_its_permission(client: httpx.AsyncClient) -> None:
    c = client
    assert (await c.get("/cadres", auth=None)).status_code == 401
    assert (await c.get("/health/live", auth=None)).status_code == 200
    forbidden(await c.post("/cadres", json={"name": "x"}, auth=LEADER), "personnel.write")
    forbidden(await c.get("/cadres", auth=RIGHTS), "personnel.read")
    forbidden(await c.put("/establishment/rights/section", json={"approved": 1}), "personnel.approve")
    forbidden(await c.get("/establishment", auth=RIGHTS), "personnel.read")
    forbidden(await c.post("/federations", json={}, auth=LEADER), "personnel.write")
    assert (await c.get("/federations", auth=RIGHTS)).status_code == 200  # names: every staff member
    forbidden(await c.get("/federations", auth=AUDITOR), "staff.read")
    forbidden(await c.post("/federation-links", json={}, auth=LEADER), "personnel.write")
    assert (await c.get("/federation-links", auth=RIGHTS)).status_code == 200
    forbidden(await c.get("/identity-reviews", auth=RIGHTS), "personnel.read")
    forbidden(await c.post("/identity-reviews/x/filing"), "personnel.approve")
    forbidden(await c.post("/commendations/x/award"), "personnel.approve")
    forbidden(await c.get("/commendations", auth=RIGHTS), "personnel.read")
    forbidden(await c.post("/training/plans", json={}, auth=LEADER), "personnel.write")
    forbidden(await c.get("/representatives", auth=RIGHTS), "personnel.read")
    forbidden(await c.post("/cadres/x/assessments", json={}, auth=LEADER), "personnel.write")
    forbidden(await c.get("/assessments", auth=AUDITOR), "staff.read")
    forbidden(await c.get("/discipline-cases"), "discipline.cases")
    forbidden(await c.get("/discipline-cases", auth=HEAD), "discipline.cases")
    forbidden(await c.get("/discipline-cases", auth=LEADER), "discipline.cases")
    assert (await c.get("/discipline-cases", auth=DISCIPLINE)).status_code == 200
    forbidden(await c.get("/audit"), "audit.read")


async def test_birth_date_and_gender_only_to_personnel_and_the_cadre_themself(client: httpx.AsyncClient) -> None:
    c = client
    me = await cadre(c)
    assert me["gender"] == "female" and me["birth_date"] == "1980-05-01"
    assert (await c.get(f"/cadres/{me['id']}", auth=HEAD)).json()["birth_date"] == "1980-05-01"
    led = (await c.get(f"/cadres/{me['id']}", auth=LEADER)).json()
    assert led["name"] == "王芳" and led["gender"] is None and led["birth_date"] is None
    listed = (await c.get("/cadres", auth=LEADER)).json()["items"]
    assert [(i["gender"], i["birth_date"]) for i in listed] == [(None, None)]
    themself = TokenAuth("personnel", {"rights.clerk"}, cadre_id=me["id"])
    own = (await c.get(f"/cadres/{me['id']}", auth=themself)).json()
    assert own["gender"] == "female" and own["birth_date"] == "1980-05-01"
    other_office = (await c.get(f"/cadres/{me['id']}", auth=RIGHTS)).json()  # name and post, nothing personal
    assert other_office["name"] == "王芳" and other_office["gender"] is None and other_office["birth_date"] is None


async def test_assessments_pay_and_retiree_benefits_only_to_personnel_and_the_cadre(client: httpx.AsyncClient) -> None:
    c = client
    me, other = await cadre(c, "甲"), await cadre(c, "乙")
    for x in (me, other):
        assert (
            await c.post(f"/cadres/{x['id']}/assessments", json={"year": 2025, "grade": "excellent"})
        ).status_code == 201
        pay = {"kind": "social_insurance", "effective_on": "2026-01-01", "amount_before": 800, "amount_after": 850,
               "reason": "基數調整"}  # fmt: skip
        assert (await c.post(f"/cadres/{x['id']}/pay-changes", json=pay)).status_code == 201
        assert (await c.post(f"/cadres/{x['id']}/retirement", json={"retired_on": "2026-02-01"})).status_code == 200
        benefit = {
            "kind": "benefit",
            "on": "2026-02-10",
            "title": "春節",
            "benefit": "holiday_condolence",
            "amount": 500,
        }
        assert (await c.post(f"/cadres/{x['id']}/retiree-care", json=benefit)).status_code == 201
    themself = TokenAuth("personnel", {"rights.clerk"}, cadre_id=me["id"])

    assert (await c.get("/assessments")).json()["total"] == 2
    assert (await c.get("/assessments", auth=LEADER)).json()["total"] == 0
    assert (await c.get("/assessments", params={"cadre_id": other["id"]}, auth=themself)).json()["total"] == 0
    own = (await c.get("/assessments", auth=themself)).json()["items"]
    assert [(a["cadre_id"], a["grade"]) for a in own] == [(me["id"], "excellent")]

    for reader in (LEADER, RIGHTS):  # not theirs and not personnel's staff: no pay change is shown
        assert (await c.get(f"/cadres/{me['id']}/pay-changes", auth=reader)).json()["total"] == 0
    mine = (await c.get(f"/cadres/{me['id']}/pay-changes", auth=themself)).json()["items"]
    assert [p["kind"] for p in mine] == ["social_insurance"]
    assert (await c.get(f"/cadres/{other['id']}/pay-changes", auth=HEAD)).json()["total"] == 1

    assert (await c.get("/retiree-care")).json()["total"] == 2
    assert (await c.get("/retiree-care", auth=LEADER)).json()["items"] == []
    care = (await c.get("/retiree-care", auth=themself)).json()["items"]
    assert [(r["cadre_id"], r["amount"]) for r in care] == [(me["id"], "500.00")]


async def review(c: httpx.AsyncClient) -> dict[str, Any]:
    f = await c.post(
        "/federations",
        json={"name": "常德市僑聯", "level": "city", "term_starts_on": "2026-01-01", "term_ends_on": "2031-01-01"},
    )
    r = await c.post(
        "/identity-reviews",
        json={
            "federation_id": f.json()["id"],
            "leader_name": "吳副主席",
            "position": "副主席",
            "identity_type": "returnee",
            "documents": [{"code": "passport", "certificate_number": "E98765432"}],
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_certificate_numbers_whole_to_personnel_masked_for_leaders(client: httpx.AsyncClient) -> None:
    c = client
    r = await review(c)
    assert r["documents"][0]["certificate_number"] == "E98765432"
    assert (await c.get(f"/identity-reviews/{r['id']}", auth=HEAD)).json()["documents"][0][
        "certificate_number"
    ] == "E98765432"
    assert (await c.get("/identity-reviews")).json()["items"][0]["documents"][0]["certificate_number"] == "*****5432"
    led = (await c.get(f"/identity-reviews/{r['id']}", auth=LEADER)).json()
    assert led["documents"][0]["certificate_number"] == "E98****32"
    listed = (await c.get("/identity-reviews", auth=LEADER)).json()["items"]
    assert listed[0]["documents"][0]["certificate_number"] == "E98****32"
    forbidden(await c.get(f"/identity-reviews/{r['id']}", auth=RIGHTS), "personnel.read")


async def test_a_filing_is_by_the_signed_in_cadre_whatever_the_body_says(client: httpx.AsyncClient) -> None:
    c = client
    head = await cadre(c, "人事處處長")
    r = await review(c)
    # a returnee needs more documents: send them so the review verifies
    await c.post(f"/identity-reviews/{r['id']}/review", json={})
    await c.post(
        f"/identity-reviews/{r['id']}/documents",
        json={
            "documents": [
                {"code": "overseas_residence_proof", "certificate_number": "PR-1"},
                {"code": "return_settlement_proof", "certificate_number": "RS-1"},
                {"code": "household_register", "certificate_number": "430102000011112222"},
            ]
        },
    )
    verified = (await c.post(f"/identity-reviews/{r['id']}/review", json={})).json()
    assert verified["state"] == "verified", verified
    as_head = TokenAuth("personnel", {"personnel.head"}, account_id="a-head", cadre_id=head["id"])
    filed = await c.post(f"/identity-reviews/{r['id']}/filing", json={"filed_by": "someone-else"}, auth=as_head)
    assert filed.status_code == 200, filed.text
    assert filed.json()["filed_by"] == head["id"]


async def test_a_read_of_personal_fields_is_in_the_audit_log_for_the_auditor(client: httpx.AsyncClient) -> None:
    c = client
    me = await cadre(c)
    reader = TokenAuth("personnel", {"personnel.head"}, account_id="a-reader")
    assert (await c.get(f"/cadres/{me['id']}", auth=reader)).status_code == 200
    rows = (await c.get("/audit", params={"account_id": "a-reader"}, auth=AUDITOR)).json()["items"]
    assert [(r["action"], r["record_id"], r["fields"]) for r in rows] == [
        ("GET /cadres/{cadre_id}", me["id"], ["birth_date", "gender"])
    ]
    # a leader is shown none: nothing to audit
    assert (await c.get(f"/cadres/{me['id']}", auth=LEADER)).status_code == 200
    assert (await c.get("/audit", params={"account_id": "a-leader"}, auth=AUDITOR)).json()["items"] == []
    r = await review(c)
    await c.get(f"/identity-reviews/{r['id']}", auth=LEADER)
    rows = (await c.get("/audit", params={"account_id": "a-leader"}, auth=AUDITOR)).json()["items"]
    assert [(r["action"], r["fields"]) for r in rows] == [("GET /identity-reviews/{review_id}", ["certificate_number"])]


def conflict(r: httpx.Response, detail: str) -> None:
    assert r.status_code == 409, r.text
    assert detail in r.json()["detail"], r.text


async def test_a_commendations_chain_one_step_per_person_and_nobody_decides_their_own(
    client: httpx.AsyncClient, clock: FixedClock
) -> None:
    c = client  # the clerk nominates
    head = await cadre(c, "處長")
    call = (await c.post("/commendations", json={"title": "先進個人", "year": 2026})).json()
    base = f"/commendations/{call['id']}"
    n = await c.post(
        f"{base}/nominations", json={"nominee_kind": "individual", "nominee_name": "處長", "cadre_id": head["id"]}
    )
    assert n.status_code == 201, n.text
    assert "nominated_by" not in n.json()  # who nominated is recorded, not shown
    path = f"{base}/nominations/{n.json()['id']}/review"
    as_nominee = TokenAuth("personnel", {"personnel.head"}, account_id="a-nominee", cadre_id=head["id"])
    conflict(await c.post(path, json={"approved": True}, auth=as_nominee), "nobody decides on a nomination")
    forbidden(await c.post(path, json={"approved": True}), "personnel.approve")  # a clerk
    # the clerk who nominated, promoted to head, still does not decide on the nomination they made
    as_nominator = TokenAuth("personnel", {"personnel.head"}, account_id="a-clerk", cadre_id="c-clerk")
    refused = await c.post(path, json={"approved": True}, auth=as_nominator)
    conflict(refused, "they made or of which they are the nominee")
    assert refused.json()["reason"] == "own_record"
    assert (await c.post(path, json={"approved": True}, auth=HEAD)).json()["state"] == "approved"

    # the head who reviewed decides no other step of this commendation's chain
    refused = await c.post(f"{base}/publicize", auth=HEAD)
    conflict(refused, "one person decides at most one step")
    assert refused.json()["reason"] == "one_step_per_person" and refused.json()["decided_step"] == "review"
    assert (await c.get(base)).json()["state"] == "called"
    publisher = TokenAuth("personnel", {"personnel.head"}, account_id="a-publisher", cadre_id="c-publisher")
    awarder = TokenAuth("personnel", {"leader", "personnel.head"}, account_id="a-awarder", cadre_id="c-awarder")
    assert (await c.post(f"{base}/award", auth=awarder)).json()["current_state"] == "called"  # out of order: 409
    assert (await c.post(f"{base}/publicize", auth=publisher)).json()["state"] == "publicized"
    clock.advance(days=7)  # the notice is over
    conflict(await c.post(f"{base}/award", auth=publisher), "one person decides at most one step")
    conflict(await c.post(f"{base}/award", auth=as_nominee), "nobody decides on a nomination")
    awarded = await c.post(f"{base}/award", auth=awarder)
    assert awarded.status_code == 200, awarded.text
    assert awarded.json()["state"] == "awarded"
    assert [x["state"] for x in awarded.json()["nominations"]] == ["awarded"]


async def test_the_federation_tree_over_http_children_by_parent_and_a_wrong_parent_is_422(
    client: httpx.AsyncClient,
) -> None:
    c = client
    term = {"term_starts_on": "2025-01-01", "term_ends_on": "2030-01-01"}
    province = (await c.post("/federations", json={"name": "湖南省僑聯", "level": "province", **term})).json()
    r = await c.post("/federations", json={"name": "長沙市僑聯", "level": "city", "parent_id": province["id"], **term})
    assert r.status_code == 201, r.text
    city = r.json()
    r = await c.post("/federations", json={"name": "某縣僑聯", "level": "county", "parent_id": province["id"], **term})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "parent_id"
    children = (await c.get("/federations", params={"parent_id": province["id"]})).json()["items"]
    assert [(f["id"], f["parent_id"]) for f in children] == [(city["id"], province["id"])]
    r = await c.post(
        "/federation-links",
        json={"local_federation_id": city["id"], "university_federation_id": city["id"], "alumni_association": "某會"},
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "university_federation_id"


async def test_a_congress_over_http_quota_409_with_the_numbers_and_delegates_only_to_personnel(
    client: httpx.AsyncClient,
) -> None:
    c = client
    term = {"term_starts_on": "2025-01-01", "term_ends_on": "2030-01-01"}
    city = (await c.post("/federations", json={"name": "長沙市僑聯", "level": "city", **term})).json()
    r = await c.post(
        "/congresses", json={"name": "第十一次歸僑僑眷代表大會", "session_no": 11, "held_on": "2026-09-01"}
    )
    assert r.status_code == 201, r.text
    congress = r.json()
    r = await c.put(f"/congresses/{congress['id']}/quotas/{city['id']}", json={"seats": 1})
    assert r.json() == {"federation_id": city["id"], "seats": 1, "nominated": 0}
    body = {"federation_id": city["id"], "name": "陳某"}
    assert (await c.post(f"/congresses/{congress['id']}/delegates", json=body)).status_code == 201
    r = await c.post(f"/congresses/{congress['id']}/delegates", json={**body, "name": "李某"})
    assert r.status_code == 409, r.text
    assert (r.json()["quota"], r.json()["nominated"]) == (1, 1)
    r = await c.post("/congresses", json={"name": "x", "session_no": 0, "held_on": "2026-09-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "session_no"
    forbidden(await c.get(f"/congresses/{congress['id']}/delegates", auth=RIGHTS), "personnel.read")
    forbidden(await c.post("/congresses", json={}, auth=LEADER), "personnel.write")
    detail = (await c.get(f"/congresses/{congress['id']}", auth=RIGHTS)).json()
    assert detail["quotas"] == [{"federation_id": city["id"], "seats": 1, "nominated": 1}]
