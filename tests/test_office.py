"""Office (辦公室) through HTTP: supervised tasks (督查) on the board and the leader's summary, official documents."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from qiaolian_chassis.testing import TokenAuth

pytestmark = pytest.mark.system


def beijing_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def summary_of(http, office: str) -> dict:
    r = http("office").get("/supervision/summary")
    assert r.status_code == 200, r.text
    return next(o for o in r.json()["offices"] if o["office"] == office)


def test_an_assigned_task_is_on_the_board_until_it_is_closed(http) -> None:
    today = beijing_today()
    before = summary_of(http, "office")
    r = http("office").post(
        "/supervision/tasks",
        json={
            "title": "督辦全省僑聯工作會議籌備",
            "office": "office",
            "due_on": str(today + timedelta(days=3)),
        },
    )
    assert r.status_code == 201, r.text
    task = r.json()
    assert (task["state"], task["percent_done"], task["overdue"]) == ("open", 0, False)
    assert task["allowed_commands"] == ["close", "report_progress"]

    board = http("office").get("/supervision/items", params={"office": "office", "kind": "task", "limit": 500}).json()
    assert [i["due_on"] for i in board["items"] if i["source_id"] == task["id"]] == [task["due_on"]]
    after = summary_of(http, "office")
    assert (after["open"] - before["open"], after["due_within_7_days"] - before["due_within_7_days"]) == (1, 1)

    r = http("office").post(
        f"/supervision/tasks/{task['id']}/progress", json={"percent_done": 60, "note": "場地已落實"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["percent_done"] == 60 and [p["note"] for p in r.json()["progress"]] == ["場地已落實"]

    r = http("office").post(f"/supervision/tasks/{task['id']}/close")
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["closed_on"]) == ("closed", str(today))
    assert summary_of(http, "office")["open"] == before["open"]
    board = (
        http("office")
        .get("/supervision/items", params={"office": "office", "kind": "task", "state": "closed", "limit": 500})
        .json()
    )
    assert task["id"] in [i["source_id"] for i in board["items"]]

    r = http("office").post(f"/supervision/tasks/{task['id']}/close")
    assert r.status_code == 409
    assert (r.json()["current_state"], r.json()["allowed_commands"]) == ("closed", [])
    r = http("office").get(f"/supervision/tasks/{task['id']}")
    assert r.status_code == 200 and r.json()["state"] == "closed"


def test_tasks_are_listed_most_urgent_first_with_filters(http) -> None:
    today = beijing_today()
    ids = []
    for days in (20, 5, 12):
        r = http("office").post(
            "/supervision/tasks",
            json={
                "title": f"任務{days}",
                "office": "personnel",
                "due_on": str(today + timedelta(days=days)),
            },
        )
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    page = http("office").get("/supervision/tasks", params={"office": "personnel", "state": "open", "limit": 2}).json()
    assert page["total"] >= 3 and page["limit"] == 2 and len(page["items"]) == 2
    listed = http("office").get("/supervision/tasks", params={"office": "personnel", "limit": 500}).json()["items"]
    mine = [t["id"] for t in listed if t["id"] in ids]
    assert mine == [ids[1], ids[2], ids[0]]
    due = [t["due_on"] for t in listed if t["state"] == "open"]
    assert due == sorted(due)
    assert (
        http("office").get("/supervision/tasks", params={"overdue": "true", "office": "personnel"}).json()["total"] == 0
    )


def test_bad_task_input_gets_422_with_field_and_reason(http) -> None:
    today = beijing_today()
    r = http("office").post(
        "/supervision/tasks",
        json={"title": "x", "office": "office", "due_on": str(today - timedelta(days=1))},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "due_on"
    r = http("office").post("/supervision/tasks", json={"title": "x", "office": "nowhere", "due_on": str(today)})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "office"
    assert r.json()["errors"][0]["reason"]
    r = http("office").post("/supervision/tasks/nope/progress", json={"percent_done": 10, "note": "n"})
    assert r.status_code == 404
    r = http("office").post("/supervision/tasks", json={"title": "x", "office": "office", "due_on": str(today)})
    r = http("office").post(f"/supervision/tasks/{r.json()['id']}/progress", json={"percent_done": 101, "note": "n"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "percent_done"


# ---- official documents (公文) ------------------------------------------------------------------


def outgoing(
    http, prefix: str, classification: str = "internal", title: str = "關於召開全省僑聯工作會議的通知"
) -> dict:
    r = http("office").post(
        "/documents/outgoing",
        json={"title": title, "prefix": prefix, "classification": classification, "drafting_office": "office"},
    )
    assert r.status_code == 201, r.text
    return r.json()


def signed(http, prefix: str) -> dict:
    d = outgoing(http, prefix)
    assert http("office").post(f"/documents/outgoing/{d['id']}/submit").status_code == 200
    r = http("office").post(f"/documents/outgoing/{d['id']}/sign")
    assert r.status_code == 200, r.text
    return r.json()


def test_an_incoming_document_is_registered_routed_and_watched_on_the_board(http) -> None:
    today = beijing_today()
    r = http("office").post(
        "/documents/incoming",
        json={
            "source_organ": "中國僑聯辦公廳",
            "source_number": "僑聯辦函〔2026〕8號",
            "title": "關於報送年度統計的通知",
            "urgency": "urgent",
            "received_on": str(today),
        },
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert (doc["state"], doc["classification"], doc["allowed_commands"]) == ("registered", "internal", ["route"])
    r = http("office").post(f"/documents/incoming/{doc['id']}/complete")
    assert r.status_code == 409 and r.json()["current_state"] == "registered"
    r = http("office").post(
        f"/documents/incoming/{doc['id']}/route",
        json={"office": "liaison", "handling_due": str(today + timedelta(days=5))},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["office"]) == ("routed", "liaison")
    board = (
        http("office")
        .get("/supervision/items", params={"office": "liaison", "kind": "document", "limit": 500})
        .json()["items"]
    )
    assert [i["due_on"] for i in board if i["source_id"] == doc["id"]] == [str(today + timedelta(days=5))]
    listed = (
        http("office").get("/documents/incoming", params={"office": "liaison", "state": "routed", "limit": 500}).json()
    )
    assert doc["id"] in [d["id"] for d in listed["items"]]
    r = http("office").post(f"/documents/incoming/{doc['id']}/complete")
    assert r.status_code == 200 and r.json()["state"] == "handled"
    board = (
        http("office")
        .get("/supervision/items", params={"office": "liaison", "kind": "document", "limit": 500})
        .json()["items"]
    )
    assert doc["id"] not in [i["source_id"] for i in board]
    r = http("office").post(
        "/documents/incoming",
        json={
            "source_organ": "x",
            "source_number": "y",
            "title": "z",
            "urgency": "whenever",
            "received_on": str(today),
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "urgency"


def test_an_outgoing_document_goes_from_draft_to_dispatch_with_the_next_number(http) -> None:
    prefix = f"湘僑發{uuid.uuid4().hex[:6]}"
    d = outgoing(http, prefix)
    assert d["allowed_commands"] == ["submit"]
    r = http("office").post(f"/documents/outgoing/{d['id']}/number")
    assert r.status_code == 409
    assert (r.json()["current_state"], r.json()["allowed_commands"]) == ("drafting", ["submit"])
    http("office").post(f"/documents/outgoing/{d['id']}/submit")
    assert http("office").post(f"/documents/outgoing/{d['id']}/return").json()["state"] == "drafting"
    http("office").post(f"/documents/outgoing/{d['id']}/submit")
    # the signer is the signed-in head (no name in the body): a clerk may not sign off
    r = http("office").post(f"/documents/outgoing/{d['id']}/sign", auth=TokenAuth("office", roles={"office.clerk"}))
    assert r.status_code == 403 and r.json()["permission"] == "office.approve"
    assert http("office").post(f"/documents/outgoing/{d['id']}/sign").json()["state"] == "signed"
    year = beijing_today().year
    r = http("office").post(f"/documents/outgoing/{d['id']}/number")
    assert r.status_code == 200 and r.json()["number"] == f"{prefix}〔{year}〕1號"
    assert http("office").post(f"/documents/outgoing/{d['id']}/dispatch").status_code == 409  # not sealed
    assert http("office").post(f"/documents/outgoing/{d['id']}/seal").json()["state"] == "sealed"
    r = http("office").post(f"/documents/outgoing/{d['id']}/dispatch")
    assert r.status_code == 200 and r.json()["state"] == "dispatched"
    assert (
        signed(http, prefix)
        and http("office").post(f"/documents/outgoing/{signed(http, prefix)['id']}/number").json()["sequence"] == 2
    )


def test_concurrent_numbering_gives_1_to_20_without_gap_or_repeat(http) -> None:
    prefix = f"湘僑函{uuid.uuid4().hex[:6]}"
    docs = [signed(http, prefix) for _ in range(20)]

    async def number_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=str(http("office").base_url), timeout=30, auth=TokenAuth("office")
        ) as client:
            return await asyncio.gather(*(client.post(f"/documents/outgoing/{d['id']}/number") for d in docs))

    responses = asyncio.run(number_all())
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses if r.status_code != 200]
    assert sorted(r.json()["sequence"] for r in responses) == list(range(1, 21))
    assert len({r.json()["number"] for r in responses}) == 20


def test_a_classified_document_is_only_shown_to_roles_cleared_for_it(http) -> None:
    prefix = f"湘僑密{uuid.uuid4().hex[:6]}"
    secret = outgoing(http, prefix, "secret")
    confidential = outgoing(http, prefix, "confidential")
    plain = outgoing(http, prefix, "internal")

    def cleared(role: str | None) -> TokenAuth:
        """A clerk of the office, with the clearance `role` grants (none when None)."""
        return TokenAuth("office", roles={"office.clerk", *([role] if role else [])})

    def visible(role: str | None) -> set[str]:
        r = http("office").get("/documents/outgoing", params={"prefix": prefix}, auth=cleared(role))
        assert r.status_code == 200
        return {d["id"] for d in r.json()["items"]}

    assert visible(None) == {plain["id"]}
    assert visible("cleared_confidential") == {plain["id"], confidential["id"]}
    assert visible("cleared_secret") == {plain["id"], confidential["id"], secret["id"]}
    assert http("office").get(f"/documents/outgoing/{secret['id']}", auth=cleared(None)).status_code == 404
    assert http("office").post(f"/documents/outgoing/{secret['id']}/submit", auth=cleared(None)).status_code == 404
    r = http("office").get(f"/documents/outgoing/{secret['id']}", auth=cleared("cleared_secret"))
    assert r.status_code == 200 and r.json()["classification"] == "secret"


# ---- vehicle bookings by staff ------------------------------------------------------------------


def vehicle(http, status: str = "in_service") -> dict:
    r = http("office").post("/vehicles", json={"plate": f"湘A{uuid.uuid4().hex[:5]}", "seats": 5, "status": status})
    assert r.status_code == 201, r.text
    return r.json()


def booking(vehicle_id: str, starts: date, ends: date) -> dict:
    return {
        "vehicle_id": vehicle_id,
        "starts_on": str(starts),
        "ends_on": str(ends),
        "purpose": "赴岳陽調研僑資企業",
        "requested_by": "王科長",
        "office": "liaison",
    }


def test_a_staff_booking_is_dispatched_and_returned_with_the_odometer(http) -> None:
    today = beijing_today()
    v = vehicle(http)
    r = http("office").post(
        "/vehicle-bookings", json=booking(v["id"], today + timedelta(days=1), today + timedelta(days=2))
    )
    assert r.status_code == 201, r.text
    b = r.json()
    assert (b["status"], b["allowed_commands"]) == ("booked", ["cancel", "dispatch"])
    r = http("office").post(f"/vehicle-bookings/{b['id']}/return", json={"odometer_km": 10})
    assert r.status_code == 409 and r.json()["allowed_commands"] == ["cancel", "dispatch"]
    r = http("office").post(f"/vehicle-bookings/{b['id']}/dispatch", json={"odometer_km": 12000})
    assert r.status_code == 200 and r.json()["status"] == "dispatched"
    r = http("office").post(f"/vehicle-bookings/{b['id']}/return", json={"odometer_km": 11999})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "odometer_km"
    r = http("office").post(f"/vehicle-bookings/{b['id']}/return", json={"odometer_km": 12230})
    assert r.status_code == 200 and (r.json()["status"], r.json()["odometer_in"]) == ("returned", 12230)
    listed = http("office").get("/vehicle-bookings", params={"vehicle_id": v["id"], "status": "returned"}).json()
    assert [x["id"] for x in listed["items"]] == [b["id"]]
    # the next trip cannot start below the last reading
    r = http("office").post(
        "/vehicle-bookings", json=booking(v["id"], today + timedelta(days=3), today + timedelta(days=3))
    )
    r = http("office").post(f"/vehicle-bookings/{r.json()['id']}/dispatch", json={"odometer_km": 100})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "odometer_km"


def test_a_vehicle_in_maintenance_takes_no_booking_and_bad_dates_get_422(http) -> None:
    today = beijing_today()
    v = vehicle(http, "maintenance")
    r = http("office").post("/vehicle-bookings", json=booking(v["id"], today, today))
    assert r.status_code == 409 and r.json()["vehicle_status"] == "maintenance"
    assert http("office").post(f"/vehicles/{v['id']}/status", json={"status": "in_service"}).status_code == 200
    assert http("office").post("/vehicle-bookings", json=booking(v["id"], today, today)).status_code == 201
    r = http("office").post("/vehicle-bookings", json=booking(v["id"], today + timedelta(days=2), today))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "ends_on"
    r = http("office").post("/vehicle-bookings", json={**booking(v["id"], today, today), "purpose": ""})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "purpose"
    assert http("office").post("/vehicle-bookings", json=booking("nope", today, today)).status_code == 404


def test_concurrent_bookings_of_one_vehicle_never_double_book_it(http) -> None:
    today = beijing_today()
    v = vehicle(http)
    days = [(today + timedelta(days=10 + i % 3), today + timedelta(days=11 + i % 3)) for i in range(12)]

    async def book_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=str(http("office").base_url), timeout=30, auth=TokenAuth("office")
        ) as client:
            return await asyncio.gather(
                *(client.post("/vehicle-bookings", json=booking(v["id"], s, e)) for s, e in days)
            )

    responses = asyncio.run(book_all())
    assert {r.status_code for r in responses} <= {201, 409}
    made = [r.json() for r in responses if r.status_code == 201]
    assert 1 <= len(made) <= 2  # days 10-11, 11-12, 12-13: at most the first and the last fit together
    for a in made:
        for b in made:
            if a["id"] != b["id"]:
                assert a["ends_on"] < b["starts_on"] or b["ends_on"] < a["starts_on"]
    r = http("office").post(f"/vehicle-bookings/{made[0]['id']}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    s, e = made[0]["starts_on"], made[0]["ends_on"]
    r = http("office").post("/vehicle-bookings", json={**booking(v["id"], today, today), "starts_on": s, "ends_on": e})
    assert r.status_code == 201, r.text
