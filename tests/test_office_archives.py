"""Office (辦公室) through HTTP: archives (檔案) filing and lending, situation reports (僑情專報)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from qiaolian_chassis.testing import TokenAuth

pytestmark = pytest.mark.system


def beijing_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def incoming(http) -> dict:
    r = http("office").post(
        "/documents/incoming",
        json={
            "source_organ": "省委統戰部",
            "source_number": f"湘統〔2026〕{uuid.uuid4().hex[:4]}號",
            "title": "關於做好僑務工作的通知",
            "received_on": str(beijing_today()),
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def handled(http) -> dict:
    doc = incoming(http)
    r = http("office").post(
        f"/documents/incoming/{doc['id']}/route",
        json={"office": "liaison", "handling_due": str(beijing_today() + timedelta(days=5))},
    )
    assert r.status_code == 200, r.text
    r = http("office").post(f"/documents/incoming/{doc['id']}/complete")
    assert r.status_code == 200, r.text
    return r.json()


def test_only_a_document_in_a_final_state_is_filed_once_with_its_retention(http) -> None:
    today = beijing_today()
    open_doc = incoming(http)
    body = {
        "source_kind": "incoming_document",
        "source_id": open_doc["id"],
        "title": "通知",
        "office": "office",
        "retention_years": 10,
    }
    r = http("office").post("/archives", json=body)
    assert r.status_code == 409 and "handled" in r.text

    doc = handled(http)
    r = http("office").post("/archives", json={**body, "source_id": doc["id"]})
    assert r.status_code == 201, r.text
    a = r.json()
    assert (a["state"], a["filed_on"], a["retention_years"]) == ("filed", str(today), 10)
    # ten years on (a 29 February files until the 28th: the day a year without one has)
    ten = today.replace(year=today.year + 10, day=28) if (today.month, today.day) == (2, 29) else None
    assert a["retain_until"] == str(ten or today.replace(year=today.year + 10))
    assert a["allowed_commands"] == ["lend"]
    assert http("office").post("/archives", json={**body, "source_id": doc["id"]}).status_code == 409

    r = http("office").post(
        "/archives",
        json={
            "source_kind": "case",
            "source_id": f"case-{uuid.uuid4().hex[:8]}",
            "title": "僑胞權益案件",
            "office": "rights",
            "retention_years": 30,
        },
    )
    assert r.status_code == 201, r.text
    listed = http("office").get("/archives", params={"office": "rights", "source_kind": "case", "limit": 500}).json()
    assert r.json()["id"] in [x["id"] for x in listed["items"]] and listed["total"] >= 1
    assert all(x["office"] == "rights" for x in listed["items"])
    page = http("office").get("/archives", params={"limit": 1}).json()
    assert page["limit"] == 1 and len(page["items"]) == 1 and page["total"] >= 2
    assert http("office").get(f"/archives/{a['id']}").json()["loans"] == []
    assert http("office").get(f"/archives/{uuid.uuid4().hex}").status_code == 404


def test_bad_filings_get_422_with_the_field(http) -> None:
    base = {"source_kind": "case", "source_id": "case-1", "title": "案件", "office": "rights", "retention_years": 0}
    r = http("office").post("/archives", json=base)
    assert r.status_code == 422 and "retention_years" in r.text
    r = http("office").post("/archives", json={**base, "retention_years": 10, "source_kind": "letter"})
    assert r.status_code == 422 and "source_kind" in r.text


def test_a_lent_file_cannot_be_lent_again_until_it_is_returned(http) -> None:
    today = beijing_today()
    r = http("office").post(
        "/archives",
        json={
            "source_kind": "case",
            "source_id": f"case-{uuid.uuid4().hex[:8]}",
            "title": "歸僑房產案",
            "office": "rights",
            "retention_years": 5,
        },
    )
    a = r.json()
    lend = {"borrower": "王科長", "office": "personnel", "due_on": str(today + timedelta(days=7))}
    r = http("office").post(f"/archives/{a['id']}/lend", json={**lend, "due_on": str(today - timedelta(days=1))})
    assert r.status_code == 422 and "due_on" in r.text
    r = http("office").post(f"/archives/{a['id']}/lend", json=lend)
    assert r.status_code == 201, r.text
    loan = r.json()
    assert (loan["lent_on"], loan["returned_on"], loan["overdue"]) == (str(today), None, False)
    r = http("office").post(f"/archives/{a['id']}/lend", json=lend)
    assert r.status_code == 409
    assert (r.json()["current_state"], r.json()["allowed_commands"]) == ("lent", ["return"])

    loans = http("office").get("/archives/loans", params={"archive_id": a["id"], "returned": "false"}).json()
    assert [x["id"] for x in loans["items"]] == [loan["id"]]
    overdue = http("office").get("/archives/loans", params={"overdue": "true", "limit": 500}).json()["items"]
    assert loan["id"] not in [x["id"] for x in overdue] and all(x["overdue"] for x in overdue)

    def on_board(state: str) -> list[dict]:
        items = (
            http("office")
            .get("/supervision/items", params={"kind": "archive_loan", "state": state, "limit": 500})
            .json()["items"]
        )
        return [i for i in items if i["source_id"] == loan["id"]]

    [item] = on_board("open")
    assert (item["office"], item["due_on"], item["overdue"]) == ("personnel", lend["due_on"], False)
    r = http("office").post(f"/archives/{a['id']}/return")
    assert r.status_code == 200 and r.json()["returned_on"] == str(today)
    assert on_board("open") == [] and len(on_board("closed")) == 1
    assert http("office").post(f"/archives/{a['id']}/return").status_code == 409
    assert http("office").post(f"/archives/{a['id']}/lend", json=lend).status_code == 201
    detail = http("office").get(f"/archives/{a['id']}").json()
    assert detail["state"] == "lent" and len(detail["loans"]) == 2


LEADER = TokenAuth("office", roles={"leader"}, account_id="acc-secretary", cadre_id="c-party-secretary")


def test_a_situation_report_is_edited_approved_submitted_and_instructed(http) -> None:
    today = beijing_today()
    r = http("office").post("/situation-reports", json={"office": "liaison", "title": "海外僑團動態", "body": "初稿"})
    assert r.status_code == 201, r.text
    rep = r.json()
    assert (rep["state"], rep["allowed_commands"]) == ("draft", ["approve", "edit"])
    rid = rep["id"]
    r = http("office").patch(f"/situation-reports/{rid}", json={"body": "修改稿"})
    assert r.status_code == 200 and (r.json()["title"], r.json()["body"]) == ("海外僑團動態", "修改稿")
    assert http("office").post(f"/situation-reports/{rid}/submit").status_code == 409
    r = http("office").post(f"/situation-reports/{rid}/instruct", json={"instruction": "閱"})
    assert r.status_code == 409 and r.json()["current_state"] == "draft"

    r = http("office").post(f"/situation-reports/{rid}/approve")
    assert r.status_code == 200 and r.json()["approved_on"] == str(today)
    assert http("office").patch(f"/situation-reports/{rid}", json={"body": "再改"}).status_code == 409
    r = http("office").post(f"/situation-reports/{rid}/submit")
    assert r.status_code == 200 and (r.json()["state"], r.json()["submitted_on"]) == ("submitted", str(today))
    r = http("office").post(f"/situation-reports/{rid}/instruct", json={"instruction": "請聯絡部跟進。"}, auth=LEADER)
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["instruction"], r.json()["instructed_on"]) == (
        "instructed",
        "請聯絡部跟進。",
        str(today),
    )
    assert http("office").post(f"/situation-reports/{rid}/instruct", json={"instruction": "閱"}).status_code == 409
    assert (
        http("office").get(f"/situation-reports/{rid}").json()["instructed_by"] == "c-party-secretary"
    )  # the leader signed in

    listed = (
        http("office")
        .get("/situation-reports", params={"office": "liaison", "state": "instructed", "limit": 500})
        .json()
    )
    assert rid in [x["id"] for x in listed["items"]]
    assert all(x["state"] == "instructed" for x in listed["items"])


def test_bad_reports_get_422_with_the_field(http) -> None:
    r = http("office").post("/situation-reports", json={"office": "liaison", "title": " ", "body": "x"})
    assert r.status_code == 422 and "title" in r.text
    r = http("office").post("/situation-reports", json={"office": "nowhere", "title": "t", "body": "x"})
    assert r.status_code == 422 and "office" in r.text
    rid = http("office").post("/situation-reports", json={"office": "office", "title": "t", "body": "x"}).json()["id"]
    r = http("office").patch(f"/situation-reports/{rid}", json={})
    assert r.status_code == 422 and "title" in r.text
