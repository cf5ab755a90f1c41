"""The three foundation flows, end to end through HTTP with all four services running as processes."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from .conftest import confirm_reception, eventually

pytestmark = pytest.mark.system

PETITION = {
    "channel": "letter",
    "petitioner": {"name": "李華", "status": "returnee"},
    "petition_class": "claim",
    "category": "property",
    "summary": "祖屋被佔用，請求協調",
    "received_on": "2025-09-20",
}


def items_for(http, source_id: str) -> list[dict]:
    r = http("office").get("/supervision/items", params={"office": "rights", "limit": 500})
    assert r.status_code == 200
    return [i for i in r.json()["items"] if i["source_id"] == source_id]


def test_petition_filed_opens_a_supervision_item_on_the_office_board(http) -> None:
    r = http("rights").post("/petitions", json=PETITION)
    assert r.status_code == 201, r.text
    petition = r.json()
    # 15 days from 2025-09-20 is 2025-10-05, inside the National Day holiday (10-01..10-08): next working day
    assert petition["first_decision_due"] == "2025-10-09"
    assert petition["state"] == "filed"
    # commit-to-projection latency is measured by `make bench`, not asserted here (timed tests are flaky)
    items = eventually(lambda: {i["kind"]: i for i in items_for(http, petition["id"])}, timeout=10)
    first = items["petition_first_decision"]
    assert first["due_on"] == "2025-10-09"
    assert first["overdue"] is True  # it is long past 2025-10-09
    # the written notice is a deadline of its own beside it (15 days from receipt too)
    notice = eventually(lambda: {i["kind"]: i for i in items_for(http, petition["id"])}.get("petition_notice"))
    assert notice["due_on"] == "2025-10-09"


def test_accepting_a_petition_moves_the_board_to_the_handling_deadline(http) -> None:
    petition = http("rights").post("/petitions", json={**PETITION, "received_on": "2026-02-01"}).json()
    assert petition["first_decision_due"] == "2026-02-24"  # 02-16 falls in the 2026 Spring Festival
    r = http("rights").post(f"/petitions/{petition['id']}/accept", json={"accepted_on": "2026-02-10"})
    assert r.status_code == 200, r.text
    assert r.json()["handling_due"] == "2026-04-13"  # 60 days: 04-11 is a Saturday
    items = eventually(lambda: [i for i in items_for(http, petition["id"]) if i["kind"] == "petition_handling"])
    assert items[0]["due_on"] == "2026-04-13"
    closed = http("office").get("/supervision/items", params={"state": "closed", "limit": 500}).json()["items"]
    assert any(i["source_id"] == petition["id"] and i["kind"] == "petition_first_decision" for i in closed)
    # accepting twice is a forbidden state change
    again = http("rights").post(f"/petitions/{petition['id']}/accept", json={})
    assert again.status_code == 409
    body = again.json()
    assert body["current_state"] == "accepted" and "accept" not in body["allowed_commands"]


def _visit(**kw) -> dict:
    start = date.today() + timedelta(days=30)
    return {
        "association_name": "馬來西亞湖南同鄉會",
        "country": "MY",
        "size": 12,
        "arrival_on": start.isoformat(),
        "departure_on": (start + timedelta(days=3)).isoformat(),
        "needs_reception": True,
        "vehicles_needed": 2,
        **kw,
    }


def _plate() -> str:
    return f"湘A{time.monotonic_ns() % 100000:05d}"


def test_delegation_visit_gets_reception_and_vehicles_then_a_declined_one(http) -> None:
    start = date.today() + timedelta(days=200)
    dates = {"arrival_on": start.isoformat(), "departure_on": (start + timedelta(days=2)).isoformat()}
    for seats in (7, 45):
        r = http("office").post("/vehicles", json={"plate": _plate(), "seats": seats})
        assert r.status_code == 201, r.text
    fleet = http("office").get("/vehicles", params={"status": "in_service", "limit": 500}).json()["total"]

    first = http("liaison").post("/delegation-visits", json=_visit(**dates, vehicles_needed=2))
    assert first.status_code == 201, first.text
    visit = first.json()
    assert visit["logistics"]["status"] == "pending"

    def outcome(visit_id: str) -> dict | None:
        v = http("liaison").get(f"/delegation-visits/{visit_id}").json()
        return v if v["logistics"]["status"] != "pending" else None

    # the vehicles are booked at once; the reception waits for office to plan and confirm it
    eventually(
        lambda: http("liaison").get(f"/delegation-visits/{visit['id']}").json()["logistics"]["vehicles"] == "arranged"
    )
    assert http("liaison").get(f"/delegation-visits/{visit['id']}").json()["logistics"]["status"] == "pending"
    confirm_reception(http, visit["id"])
    done = eventually(lambda: outcome(visit["id"]))
    assert done["logistics"] == {
        "status": "arranged",
        "reception": "arranged",
        "vehicles": "arranged",
        "vehicle_ids": done["logistics"]["vehicle_ids"],
        "vehicles_available": None,
    }
    assert len(done["logistics"]["vehicle_ids"]) == 2
    bookings = http("office").get("/vehicle-bookings", params={"visit_id": visit["id"]}).json()["items"]
    assert {b["vehicle_id"] for b in bookings} == set(done["logistics"]["vehicle_ids"])

    # the same dates need more vehicles than remain free: office declines
    second = http("liaison").post("/delegation-visits", json=_visit(**dates, vehicles_needed=fleet)).json()
    declined = eventually(lambda: outcome(second["id"]))
    assert declined["logistics"]["status"] == "needs_attention"
    assert declined["logistics"]["vehicles"] == "declined"
    assert declined["logistics"]["reception"] == "requested"
    assert declined["logistics"]["vehicles_available"] == fleet - 2

    # cancelling the first releases its vehicles, and cancelling again is a forbidden change
    r = http("liaison").post(f"/delegation-visits/{visit['id']}/cancel")
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    released = eventually(
        lambda: (
            (v := http("liaison").get(f"/delegation-visits/{visit['id']}").json())["logistics"]["status"] == "released"
            and v
        )
    )
    assert released["logistics"]["vehicles"] == "released"
    again = http("liaison").post(f"/delegation-visits/{visit['id']}/cancel")
    assert again.status_code == 409 and again.json()["current_state"] == "cancelled"


def test_cadre_appointed_reaches_directory_and_rights_staff(http) -> None:
    cadre = http("personnel").post("/cadres", json={"name": "王芳", "gender": "female"}).json()
    r = http("personnel").post(
        f"/cadres/{cadre['id']}/appointments",
        json={"office": "rights", "post": "二級主任科員", "effective_on": "2026-03-01"},
    )
    assert r.status_code == 201, r.text

    def listed() -> list[dict]:
        items = http("office").get("/directory", params={"limit": 500}).json()["items"]
        return [i for i in items if i["cadre_id"] == cadre["id"]]

    entry = eventually(listed)[0]
    assert entry == {**entry, "name": "王芳", "office": "rights", "post": "二級主任科員", "since": "2026-03-01"}
    eventually(lambda: http("rights").get("/staff").json()["total"] >= 1)

    # rights accepts its own staff as handler, and refuses (409) a cadre of another office
    petition = http("rights").post("/petitions", json=PETITION).json()
    ok = http("rights").post(f"/petitions/{petition['id']}/assign-handler", json={"cadre_id": cadre["id"]})
    assert ok.status_code == 200 and ok.json()["handler_cadre_id"] == cadre["id"]

    other = http("personnel").post("/cadres", json={"name": "趙強"}).json()
    http("personnel").post(
        f"/cadres/{other['id']}/appointments", json={"office": "liaison", "post": "科員", "effective_on": "2026-03-01"}
    )
    eventually(
        lambda: any(
            i["cadre_id"] == other["id"]
            for i in http("office").get("/directory", params={"limit": 500}).json()["items"]
        )
    )
    refused = http("rights").post(f"/petitions/{petition['id']}/assign-handler", json={"cadre_id": other["id"]})
    assert refused.status_code == 409
    assert "not on the staff of rights" in refused.json()["detail"]

    # appointing a cadre who already holds a post is a forbidden change
    twice = http("personnel").post(
        f"/cadres/{cadre['id']}/appointments", json={"office": "office", "post": "科員", "effective_on": "2026-04-01"}
    )
    assert twice.status_code == 409


def test_each_service_serves_openapi_and_asyncapi(http) -> None:
    for service in ("office", "liaison", "rights", "personnel"):
        assert http(service).get("/openapi.json").status_code == 200
        assert http(service).get("/docs").status_code == 200
        doc = http(service).get("/docs/asyncapi").json()
        assert doc["asyncapi"] == "3.0.0"
        assert http(service).get("/health/live").json() == {"status": "ok"}
        assert http(service).get("/health/ready").json()["checks"] == {"database": "ok", "nats": "ok"}


def test_a_handler_who_leaves_rights_is_unassigned_from_open_petitions(http) -> None:
    cadre = http("personnel").post("/cadres", json={"name": "孫磊"}).json()
    http("personnel").post(
        f"/cadres/{cadre['id']}/appointments",
        json={"office": "rights", "post": "一級科員", "effective_on": "2026-03-01"},
    )
    eventually(lambda: any(s["cadre_id"] == cadre["id"] for s in http("rights").get("/staff").json()["items"]))
    petition = http("rights").post("/petitions", json=PETITION).json()
    assigned = http("rights").post(f"/petitions/{petition['id']}/assign-handler", json={"cadre_id": cadre["id"]})
    assert assigned.status_code == 200

    r = http("personnel").post(
        f"/cadres/{cadre['id']}/removal", json={"reason": "resigned", "effective_on": "2026-06-01"}
    )
    assert r.status_code == 201, r.text

    def unassigned() -> bool:
        p = http("rights").get(f"/petitions/{petition['id']}").json()
        return p["handler_cadre_id"] is None

    eventually(unassigned)
    waiting = http("rights").get("/petitions", params={"needs_handler": "true", "limit": 500}).json()["items"]
    assert petition["id"] in {p["id"] for p in waiting}
    assert cadre["id"] not in {s["cadre_id"] for s in http("rights").get("/staff").json()["items"]}


def test_office_declines_a_visit_reception_and_liaison_shows_it_needs_attention(http) -> None:
    start = date.today() + timedelta(days=300)
    dates = {"arrival_on": start.isoformat(), "departure_on": (start + timedelta(days=2)).isoformat()}
    visit = http("liaison").post("/delegation-visits", json=_visit(**dates, vehicles_needed=0)).json()
    office = http("office")
    [r] = eventually(lambda: office.get("/receptions", params={"visit_id": visit["id"]}).json()["items"])
    assert r["status"] == "requested"
    board = office.get("/supervision/items", params={"office": "office", "limit": 500}).json()["items"]
    assert any(i["source_id"] == r["id"] and i["kind"] == "reception" for i in board)
    declined = office.post(f"/receptions/{r['id']}/decline", json={"reason": "no_capacity", "note": "會議期間賓館已滿"})
    assert declined.status_code == 200, declined.text

    def attention() -> dict | None:
        v = http("liaison").get(f"/delegation-visits/{visit['id']}").json()
        return v if v["logistics"]["status"] == "needs_attention" else None

    v = eventually(attention)
    assert v["logistics"]["reception"] == "declined" and "request_logistics" in v["allowed_commands"]
    listed = http("liaison").get("/delegation-visits", params={"logistics": "needs_attention", "limit": 500}).json()
    assert visit["id"] in [x["id"] for x in listed["items"]]
    # liaison asks again: office has the same reception requested again, and confirming it arranges the visit
    assert http("liaison").post(f"/delegation-visits/{visit['id']}/request-logistics").status_code == 200
    eventually(lambda: office.get(f"/receptions/{r['id']}").json()["status"] == "requested")
    confirm_reception(http, visit["id"])
    eventually(
        lambda: http("liaison").get(f"/delegation-visits/{visit['id']}").json()["logistics"]["status"] == "arranged"
    )
