"""personnel through HTTP with all four services running: cadre records reach the other offices'
staff, the establishment refuses with its numbers, elections due reach office's supervision board,
identity reviews keep certificate numbers home, commendations wait for their public notice."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from qiaolian_chassis.testing import EVERY_ROLE, TokenAuth

from .conftest import eventually

pytestmark = pytest.mark.system

TODAY = datetime.now(timezone(timedelta(hours=8))).date()


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def new_cadre(http, name: str) -> str:
    r = http("personnel").post("/cadres", json={"name": name})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def in_directory(http, cadre_id: str) -> list[dict]:
    items = http("office").get("/directory", params={"limit": 500}).json()["items"]
    return [i for i in items if i["cadre_id"] == cadre_id]


def in_staff(http, service: str, cadre_id: str) -> bool:
    return any(i["cadre_id"] == cadre_id for i in http(service).get("/staff", params={"limit": 500}).json()["items"])


def test_transfer_and_removal_move_the_cadre_out_of_the_old_offices_staff(http) -> None:
    p = http("personnel")
    cadre = new_cadre(http, "林靜")
    assert (
        p.post(
            f"/cadres/{cadre}/appointments", json={"office": "rights", "post": "科員", "effective_on": "2026-03-01"}
        ).status_code
        == 201
    )
    eventually(lambda: in_staff(http, "rights", cadre))

    moved = p.post(
        f"/cadres/{cadre}/transfers", json={"office": "liaison", "post": "四級主任科員", "effective_on": "2026-06-01"}
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["kind"] == "transfer" and moved.json()["post_level"] == "section"
    eventually(lambda: in_staff(http, "liaison", cadre))
    eventually(lambda: not in_staff(http, "rights", cadre))
    assert (
        eventually(lambda: [e for e in in_directory(http, cadre) if e["office"] == "liaison"])[0]["post"]
        == "四級主任科員"
    )

    removed = p.post(f"/cadres/{cadre}/removal", json={"reason": "dismissed", "effective_on": "2026-09-01"})
    assert removed.status_code == 201
    eventually(lambda: not in_staff(http, "liaison", cadre) and not in_directory(http, cadre))
    again = p.post(f"/cadres/{cadre}/removal", json={"reason": "dismissed", "effective_on": "2026-09-02"})
    assert again.status_code == 409
    assert again.json()["current_state"] == "unassigned" and again.json()["allowed_commands"] == ["appoint", "retire"]

    retired = p.post(f"/cadres/{cadre}/retirement", json={"retired_on": "2026-12-31"})
    assert retired.status_code == 200 and retired.json()["state"] == "retired"
    record = p.get(f"/cadres/{cadre}/appointments").json()
    assert [a["kind"] for a in record["items"]] == ["appointment", "transfer", "removal"]
    assert p.get("/cadres", params={"state": "retired", "limit": 500}).json()["total"] >= 1
    assert (
        p.post(
            f"/cadres/{cadre}/appointments", json={"office": "rights", "post": "科員", "effective_on": "2027-01-01"}
        ).status_code
        == 409
    )


def test_an_appointment_beyond_the_establishment_is_refused_with_the_numbers(http) -> None:
    p = http("personnel")

    def bureau() -> dict:
        rows = p.get("/establishment", params={"office": "personnel", "post_level": "bureau"}).json()["items"]
        return rows[0] if rows else {"occupied": 0}

    occupied = bureau()["occupied"]
    row = p.put("/establishment/personnel/bureau", json={"approved": occupied + 1})
    assert row.status_code == 200 and row.json()["vacant"] == 1
    first, second = new_cadre(http, "黃主任"), new_cadre(http, "何主任")
    assert (
        p.post(
            f"/cadres/{first}/appointments",
            json={"office": "personnel", "post": "副主席", "effective_on": "2026-03-01"},
        ).status_code
        == 201
    )
    refused = p.post(
        f"/cadres/{second}/appointments",
        json={"office": "personnel", "post": "二級巡視員", "effective_on": "2026-03-01"},
    )
    assert refused.status_code == 409
    assert refused.json() | {"approved": occupied + 1, "occupied": occupied + 1, "vacant": 0} == refused.json()
    assert bureau() | {"approved": occupied + 1, "occupied": occupied + 1, "vacant": 0} == bureau()
    assert p.get(f"/cadres/{second}").json()["state"] == "unassigned"
    # widen it again so other tests are not limited
    assert p.put("/establishment/personnel/bureau", json={"approved": 1000}).status_code == 200


def test_bad_cadre_and_establishment_input_is_422_with_the_field(http) -> None:
    p = http("personnel")
    cadre = new_cadre(http, "錯誤")
    r = p.post(
        f"/cadres/{cadre}/appointments", json={"office": "nowhere", "post": "科員", "effective_on": "2026-03-01"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "office"
    r = p.put("/establishment/rights/section", json={"approved": -1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "approved"
    r = p.post(f"/cadres/{cadre}/removal", json={"reason": "bored", "effective_on": "2026-03-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    assert p.post("/cadres/nope/retirement", json={"retired_on": "2026-03-01"}).status_code == 404


def board_item(http, federation_id: str, state: str) -> list[dict]:
    items = (
        http("office")
        .get(
            "/supervision/items",
            params={"office": "personnel", "state": state, "kind": "federation_election", "limit": 500},
        )
        .json()
    )
    return [i for i in items["items"] if i["source_id"].startswith(federation_id)]


def test_an_election_due_shows_on_office_board_until_its_result_is_filed(http) -> None:
    p = http("personnel")
    ends = TODAY + timedelta(days=60)
    r = p.post(
        "/federations",
        json={
            "name": unique("邵陽市僑聯"),
            "level": "city",
            "term_starts_on": str(ends - timedelta(days=5 * 365)),
            "term_ends_on": str(ends),
            "leaders": [{"name": "唐主席", "role": "chair"}],
        },
    )
    assert r.status_code == 201, r.text
    federation = r.json()
    assert federation["election_due_from"] == str(ends - timedelta(days=90))
    item = eventually(lambda: board_item(http, federation["id"], "open"))[0]
    assert item["due_on"] == str(ends) and item["title"] == f"侨联组织 {federation['id']}：任期届满，待换届"

    election = p.post(
        f"/federations/{federation['id']}/elections",
        json={
            "held_on": str(ends - timedelta(days=10)),
            "approved_on": str(ends - timedelta(days=5)),
            "approval_document": "湘僑函〔2026〕12號",
            "term_starts_on": str(ends + timedelta(days=1)),
            "term_ends_on": str(ends + timedelta(days=5 * 365)),
            "leaders": [{"name": "鄧主席", "role": "chair"}],
        },
    )
    assert election.status_code == 201, election.text
    eventually(lambda: board_item(http, federation["id"], "closed"))
    assert board_item(http, federation["id"], "open") == []
    detail = p.get(f"/federations/{federation['id']}").json()
    assert detail["term_no"] == 2 and detail["leaders"] == [{"name": "鄧主席", "role": "chair", "term_no": 2}]
    assert p.get(f"/federations/{federation['id']}/elections").json()["total"] == 1
    assert p.get("/federations", params={"level": "city", "limit": 1}).json()["limit"] == 1


def test_a_federation_far_from_its_term_end_is_not_on_the_board_and_bad_terms_are_422(http) -> None:
    p = http("personnel")
    r = p.post(
        "/federations",
        json={
            "name": unique("湖南師範大學僑聯"),
            "level": "university",
            "term_starts_on": str(TODAY),
            "term_ends_on": str(TODAY + timedelta(days=1500)),
        },
    )
    assert r.status_code == 201
    bad = p.post(
        "/federations",
        json={"name": unique("x"), "level": "city", "term_starts_on": "2026-05-01", "term_ends_on": "2026-04-01"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "term_ends_on"
    bad = p.post(
        "/federations",
        json={
            "name": unique("x"),
            "level": "county",  # a county's parent is a city, not a university federation
            "parent_id": r.json()["id"],
            "term_starts_on": "2026-05-01",
            "term_ends_on": "2027-04-01",
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "parent_id"
    assert board_item(http, r.json()["id"], "open") == []


def test_identity_review_masks_certificate_numbers_in_lists_and_files_with_who_and_when(http) -> None:
    p = http("personnel")
    federation = p.post(
        "/federations",
        json={
            "name": unique("常德市僑聯"),
            "level": "city",
            "term_starts_on": str(TODAY),
            "term_ends_on": "2031-01-01",
        },
    ).json()
    docs = [
        {"code": "household_register", "certificate_number": "430102000011112222"},
        {"code": "passport", "certificate_number": "E98765432"},
    ]
    r = p.post(
        "/identity-reviews",
        json={
            "federation_id": federation["id"],
            "leader_name": "吳副主席",
            "position": "副主席",
            "identity_type": "returnee",
            "documents": docs,
        },
    )
    assert r.status_code == 201, r.text
    review = r.json()
    assert review["state"] == "submitted" and review["documents"][0]["certificate_number"] == "430102000011112222"

    returned = p.post(f"/identity-reviews/{review['id']}/review", json={}).json()
    assert returned["state"] == "returned"
    assert returned["missing_documents"] == ["overseas_residence_proof", "return_settlement_proof"]
    listed = p.get("/identity-reviews", params={"federation_id": federation["id"]}).json()["items"][0]
    assert {d["certificate_number"] for d in listed["documents"]} == {"**************2222", "*****5432"}

    p.post(
        f"/identity-reviews/{review['id']}/documents",
        json={
            "documents": [
                {"code": "overseas_residence_proof", "certificate_number": "PR-2019-0001"},
                {"code": "return_settlement_proof", "certificate_number": "湘僑歸字2020第7號"},
            ]
        },
    )
    verified = p.post(f"/identity-reviews/{review['id']}/review", json={}).json()
    assert verified["state"] == "verified" and verified["missing_documents"] == []
    clerk = new_cadre(http, "人事處幹部")
    as_clerk = TokenAuth("personnel", cadre_id=clerk)  # the signed-in cadre files it
    filed = p.post(f"/identity-reviews/{review['id']}/filing", auth=as_clerk)
    assert filed.status_code == 200 and filed.json()["state"] == "filed"
    assert filed.json()["filed_by"] == clerk and filed.json()["filed_on"] == str(TODAY)
    again = p.post(f"/identity-reviews/{review['id']}/filing", auth=as_clerk)
    assert again.status_code == 409 and again.json()["current_state"] == "filed"
    assert p.get("/identity-reviews", params={"state": "filed", "identity_type": "returnee"}).json()["total"] >= 1

    bad = p.post(
        "/identity-reviews",
        json={
            "federation_id": federation["id"],
            "leader_name": "某",
            "position": "主席",
            "identity_type": "returnee",
            "documents": [{"code": "notarised_support_certificate", "certificate_number": "1"}],
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "documents.0.code"
    assert "1" not in bad.json()["detail"].replace("documents.0", "")


def test_a_commendation_cannot_be_awarded_during_its_public_notice(http) -> None:
    p = http("personnel")  # nominates; each step of the chain is decided by another person (ACCESS.md)
    reviewer, publisher, awarder = (TokenAuth("personnel", account_id=f"a-{n}") for n in ("rev", "pub", "award"))
    c = p.post("/commendations", json={"title": "先進個人", "year": 2026}).json()
    n = p.post(
        f"/commendations/{c['id']}/nominations", json={"nominee_kind": "individual", "nominee_name": "甲"}
    ).json()
    early = p.post(f"/commendations/{c['id']}/award", auth=awarder)
    assert early.status_code == 409 and early.json()["current_state"] == "called"
    review = p.post(f"/commendations/{c['id']}/nominations/{n['id']}/review", json={"approved": True}, auth=reviewer)
    assert review.status_code == 200
    publicized = p.post(f"/commendations/{c['id']}/publicize", auth=publisher).json()
    assert publicized["state"] == "publicized"
    assert publicized["notice_ends_on"] == str(TODAY + timedelta(days=6))
    refused = p.post(f"/commendations/{c['id']}/award", auth=awarder)
    assert refused.status_code == 409 and refused.json()["notice_ends_on"] == publicized["notice_ends_on"]
    o = p.post(f"/commendations/{c['id']}/nominations/{n['id']}/objections", json={"summary": "事跡有誤"})
    assert o.status_code == 201
    assert p.get(f"/commendations/{c['id']}/objections", params={"state": "lodged"}).json()["total"] == 1
    assert (
        p.post(
            f"/commendations/{c['id']}/nominations", json={"nominee_kind": "individual", "nominee_name": "乙"}
        ).status_code
        == 409
    )
    assert p.post("/commendations", json={"title": "x", "year": 1800}).status_code == 422
    assert p.get("/commendations", params={"state": "publicized", "year": 2026}).json()["total"] >= 1


def test_training_plan_courses_and_hours_per_cadre(http) -> None:
    p = http("personnel")
    year = 2030 + uuid.uuid4().int % 60
    plan = p.post("/training/plans", json={"year": year, "title": "年度培訓計劃", "required_hours": 30})
    assert plan.status_code == 201, plan.text
    course = p.post(
        f"/training/plans/{plan.json()['id']}/courses",
        json={"title": "依法維護僑益", "starts_on": f"{year}-05-06", "ends_on": f"{year}-05-08", "hours": 20},
    ).json()
    first, second = new_cadre(http, "學員甲"), new_cadre(http, "學員乙")
    for c in (first, second):
        assert p.post(f"/training/courses/{course['id']}/trainees", json={"cadre_id": c}).status_code == 201
    done = p.post(
        f"/training/courses/{course['id']}/trainees/{first}/completion",
        json={"hours": 20, "completed_on": f"{year}-05-08"},
    )
    assert done.status_code == 200 and done.json()["state"] == "completed"
    hours = p.get("/training/hours", params={"year": year}).json()
    assert {(h["cadre_id"], float(h["completed_hours"]), h["met"]) for h in hours["items"]} == {
        (first, 20.0, False),
        (second, 0.0, False),
    }
    assert p.get("/training/hours", params={"year": year, "cadre_id": first}).json()["total"] == 1
    assert p.get(f"/training/courses/{course['id']}/trainees", params={"state": "completed"}).json()["total"] == 1
    too_many = p.post(
        f"/training/courses/{course['id']}/trainees/{second}/completion",
        json={"hours": 21, "completed_on": f"{year}-05-08"},
    )
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "hours"
    bad = p.post(f"/training/courses/{course['id']}/trainees", json={"cadre_id": "nobody"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cadre_id"
    assert p.get("/training/hours", params={"year": 1999}).status_code == 404


def test_representative_nomination_seat_and_term(http) -> None:
    p = http("personnel")
    r = p.post(
        "/representatives",
        json={
            "name": "羅代表",
            "identity": "returnee",
            "assembly": "cppcc",
            "level": "provincial",
            "session_no": 13,
            "nominated_on": "2026-01-05",
        },
    )
    assert r.status_code == 201 and r.json()["state"] == "nominated"
    rid = r.json()["id"]
    bad = p.post(f"/representatives/{rid}/seat", json={"seated_on": "2026-02-01", "term_ends_on": "2026-01-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "term_ends_on"
    seated = p.post(f"/representatives/{rid}/seat", json={"seated_on": "2026-02-01", "term_ends_on": "2031-01-31"})
    assert seated.status_code == 200 and seated.json()["state"] == "seated"
    again = p.post(f"/representatives/{rid}/not-seated")
    assert again.status_code == 409 and again.json()["allowed_commands"] == ["end_term"]
    assert p.get("/representatives", params={"assembly": "cppcc", "state": "seated"}).json()["total"] >= 1
    assert (
        p.post(
            "/representatives",
            json={
                "name": "x",
                "identity": "returnee",
                "assembly": "senate",
                "level": "city",
                "session_no": 1,
                "nominated_on": "2026-01-05",
            },
        ).status_code
        == 422
    )


def test_assessments_pay_changes_and_care_of_retired_cadres(http) -> None:
    p = http("personnel")
    cadre = new_cadre(http, "老幹部")
    assert p.post(f"/cadres/{cadre}/assessments", json={"year": 2025, "grade": "excellent"}).status_code == 201
    assert p.post(f"/cadres/{cadre}/assessments", json={"year": 2025, "grade": "competent"}).status_code == 409
    assert p.get("/assessments", params={"cadre_id": cadre}).json()["items"][0]["grade"] == "excellent"
    pay = p.post(
        f"/cadres/{cadre}/pay-changes",
        json={
            "kind": "salary",
            "effective_on": "2026-01-01",
            "amount_before": 6000,
            "amount_after": 6300,
            "reason": "年度晉檔",
        },
    )
    assert pay.status_code == 201
    same = p.post(
        f"/cadres/{cadre}/pay-changes",
        json={"kind": "salary", "effective_on": "2026-01-01", "amount_before": 1, "amount_after": 1, "reason": "x"},
    )
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "amount_after"
    assert p.get(f"/cadres/{cadre}/pay-changes", params={"kind": "salary"}).json()["total"] == 1

    visit = {"kind": "visit", "on": "2026-09-30", "title": "國慶走訪慰問"}
    not_yet = p.post(f"/cadres/{cadre}/retiree-care", json=visit)
    assert not_yet.status_code == 409 and not_yet.json()["current_state"] == "unassigned"
    p.post(f"/cadres/{cadre}/retirement", json={"retired_on": "2026-06-30"})
    assert p.post(f"/cadres/{cadre}/retiree-care", json=visit).status_code == 201
    benefit = p.post(
        f"/cadres/{cadre}/retiree-care",
        json={"kind": "benefit", "on": "2026-10-01", "title": "重陽", "benefit": "holiday_condolence", "amount": 500},
    )
    assert benefit.status_code == 201
    missing = p.post(f"/cadres/{cadre}/retiree-care", json={"kind": "benefit", "on": "2026-10-01", "title": "x"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "benefit"
    assert p.get("/retiree-care", params={"cadre_id": cadre, "kind": "benefit"}).json()["total"] == 1


def test_discipline_cases_need_the_discipline_role(http) -> None:
    p = http("personnel")
    cadre = new_cadre(http, "被調查人")
    body = {"cadre_id": cadre, "opened_on": "2026-03-01", "allegation": "違規收受禮金"}
    everyone_else = TokenAuth("personnel", EVERY_ROLE - {"discipline"})
    assert p.post("/discipline-cases", json=body, auth=everyone_else).status_code == 403
    assert p.get("/discipline-cases", auth=everyone_else).status_code == 403
    personnel_only = TokenAuth("personnel", {"personnel.clerk", "personnel.head"})
    assert p.get("/discipline-cases", auth=personnel_only).status_code == 403
    role = TokenAuth("personnel", {"personnel.clerk", "discipline"})
    case = p.post("/discipline-cases", json=body, auth=role)
    assert case.status_code == 201 and case.json()["state"] == "opened"
    assert p.get(f"/discipline-cases/{case.json()['id']}", auth=everyone_else).status_code == 403
    done = p.post(
        f"/discipline-cases/{case.json()['id']}/conclusion",
        json={"outcome": "warning", "concluded_on": "2026-05-01"},
        auth=role,
    )
    assert done.status_code == 200 and done.json()["outcome"] == "warning"
    again = p.post(
        f"/discipline-cases/{case.json()['id']}/conclusion",
        json={"outcome": "warning", "concluded_on": "2026-05-01"},
        auth=role,
    )
    assert again.status_code == 409
    assert p.get("/discipline-cases", params={"cadre_id": cadre}, auth=role).json()["total"] == 1
