"""公務接待: a visit's reception is requested (on the board), planned within the per-head standard,
confirmed (reception.arranged) or declined with a reason (reception.declined); held and closed with
its cost; a concluded visit releases what it did not use. Through office's HTTP API on SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from qiaolian_chassis.testing import InProcess, in_process
from qiaolian_contracts.envelope import make_envelope
from qiaolian_contracts.events.liaison import DelegationVisitConcluded, DelegationVisitScheduled
from qiaolian_office.app import definition
from qiaolian_office.supervision.tables import SupervisionItem
from qiaolian_office.vehicles.events import on_visit_concluded, on_visit_scheduled

PLAN = {
    "guests": 6,
    "guest_level": "provincial",
    "meals": 4,
    "nights": 2,
    "venue": "湘江賓館",
    "hosting_leader_id": "c1",
    "budget_yuan": 7000,  # the standard: 6 × (4 × 100 + 2 × 450) = 7800
}


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[InProcess]:
    async with in_process(definition(), datetime(2026, 3, 1, 2, tzinfo=UTC), tmp_path) as s:
        await s.add_staff("c1", office="office", name="李明", post="副主席", appointment_id="a1")
        yield s


async def schedule(svc: InProcess, visit_id: str = "v1", vehicles: int = 0) -> None:
    data = DelegationVisitScheduled(
        visit_id=visit_id,
        association_name="馬來西亞湖南同鄉會",
        country="MY",
        size=6,
        arrival_on=date(2026, 3, 10),
        departure_on=date(2026, 3, 12),
        needs_reception=True,
        vehicles_needed=vehicles,
    )
    env = make_envelope(
        event_type="qiaolian.liaison.delegation_visit.scheduled.v1", producer="liaison", subject=visit_id, data=data
    )
    async with svc.uow() as u:
        await on_visit_scheduled(u, env)


async def board(svc: InProcess) -> list[tuple[str, str]]:
    async with svc.db.engine.connect() as c:
        rows = await c.execute(sa.select(SupervisionItem.kind, SupervisionItem.state))
    return [tuple(r) for r in rows.all()]


async def test_a_visit_reception_is_planned_within_the_standard_confirmed_held_and_closed(svc: InProcess) -> None:
    await schedule(svc)
    async with svc.client(None) as c:
        [r] = (await c.get("/receptions", params={"visit_id": "v1"})).json()["items"]
        assert r["status"] == "requested" and r["allowed_commands"] == ["decline", "plan"]
        assert await board(svc) == [("reception", "open")]
        assert await svc.facts("reception.arranged.v1") == []  # nothing planned: liaison still waits

        over = await c.post(f"/receptions/{r['id']}/plan", json={**PLAN, "budget_yuan": 7801})
        assert over.status_code == 422 and over.json()["errors"][0]["field"] == "budget_yuan"
        assert "7800" in over.json()["errors"][0]["reason"]
        nobody = await c.post(f"/receptions/{r['id']}/plan", json={**PLAN, "hosting_leader_id": "c9"})
        assert nobody.status_code == 422 and nobody.json()["errors"][0]["field"] == "hosting_leader_id"
        nights = await c.post(f"/receptions/{r['id']}/plan", json={**PLAN, "nights": 3})
        assert nights.status_code == 422 and nights.json()["errors"][0]["field"] == "nights"
        early = await c.post(f"/receptions/{r['id']}/hold")
        assert early.status_code == 409 and early.json()["current_state"] == "requested"

        planned = (await c.post(f"/receptions/{r['id']}/plan", json=PLAN)).json()
        assert planned["status"] == "planned" and planned["standard_yuan"] == 7800
        confirmed = (await c.post(f"/receptions/{r['id']}/confirm")).json()
        assert confirmed["status"] == "confirmed"
        assert await board(svc) == [("reception", "closed")]
        [arranged] = await svc.facts("reception.arranged.v1")
        assert arranged["visit_id"] == "v1" and arranged["guests"] == 6 and arranged["budget_yuan"] == 7000
        assert "venue" not in arranged and "association_name" not in arranged

        declined = await c.post(f"/receptions/{r['id']}/decline", json={"reason": "no_capacity", "note": "x"})
        assert declined.status_code == 409 and "hold" in declined.json()["allowed_commands"]
        not_yet = await c.post(f"/receptions/{r['id']}/hold")
        assert not_yet.status_code == 409 and not_yet.json()["starts_on"] == "2026-03-10"
        svc.clock.at = datetime(2026, 3, 10, 2, tzinfo=UTC)
        assert (await c.post(f"/receptions/{r['id']}/hold")).json()["status"] == "held"
        closed = (await c.post(f"/receptions/{r['id']}/close", json={"actual_cost_yuan": 7200})).json()
        assert closed["status"] == "closed" and closed["over_budget"] is True
        [fact] = await svc.facts("reception.closed.v1")
        assert fact["actual_cost_yuan"] == 7200 and fact["budget_yuan"] == 7000


async def test_declining_needs_the_head_and_a_reason_and_a_visit_may_ask_again(svc: InProcess) -> None:
    await schedule(svc)
    async with svc.client(None) as c:
        [r] = (await c.get("/receptions", params={"visit_id": "v1"})).json()["items"]
        async with svc.client({"office.clerk"}) as clerk:
            forbidden = await clerk.post(f"/receptions/{r['id']}/decline", json={"reason": "other", "note": "x"})
            assert forbidden.status_code == 403
        bad = await c.post(f"/receptions/{r['id']}/decline", json={"reason": "because", "note": "x"})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
        none = await c.post(f"/receptions/{r['id']}/decline", json={"reason": "no_capacity"})
        assert none.status_code == 422 and none.json()["errors"][0]["field"] == "note"
        ok = await c.post(f"/receptions/{r['id']}/decline", json={"reason": "no_capacity", "note": "賓館已滿"})
        assert ok.json()["status"] == "declined" and ok.json()["decline_note"] == "賓館已滿"
        [fact] = await svc.facts("reception.declined.v1")
        assert fact == {"reception_id": r["id"], "visit_id": "v1", "declined_on": "2026-03-01", "reason": "no_capacity"}
        assert await board(svc) == [("reception", "closed")]
        cancel = await c.post(f"/receptions/{r['id']}/cancel")
        assert cancel.status_code == 409  # a visit's reception follows the visit
        await schedule(svc)  # liaison asks again (logistics_requested is handled like scheduled)
        again = (await c.get(f"/receptions/{r['id']}")).json()
        assert again["status"] == "requested" and again["decline_reason"] is None
        assert await board(svc) == [("reception", "open")]


async def test_a_standalone_reception_and_a_concluded_visit_releasing_an_unconfirmed_one(svc: InProcess) -> None:
    async with svc.client(None) as c:
        body = {**PLAN, "association_name": "澳門湖南商會", "starts_on": "2026-03-05", "ends_on": "2026-03-06"}
        past = await c.post("/receptions", json={**body, "starts_on": "2026-02-01"})
        assert past.status_code == 422 and past.json()["errors"][0]["field"] == "starts_on"
        alone = (await c.post("/receptions", json={**body, "nights": 1, "budget_yuan": 5000})).json()
        assert alone["status"] == "planned" and alone["visit_id"] is None
        assert (await c.get("/receptions", params={"standalone": True})).json()["total"] == 1
        assert (await c.post(f"/receptions/{alone['id']}/cancel")).json()["status"] == "cancelled"
        assert (await svc.facts("reception.cancelled.v1"))[0]["reception_id"] == alone["id"]

        await schedule(svc, "v2")
        env = make_envelope(
            event_type="qiaolian.liaison.delegation_visit.concluded.v1",
            producer="liaison",
            subject="v2",
            data=DelegationVisitConcluded(visit_id="v2", concluded_on=date(2026, 3, 12), members=0),
        )
        async with svc.uow() as u:
            await on_visit_concluded(u, env)
        [r] = (await c.get("/receptions", params={"visit_id": "v2"})).json()["items"]
        assert r["status"] == "cancelled"
        [released] = await svc.facts("booking_released.v1")
        assert released == {"visit_id": "v2", "booking_ids": [], "reception_cancelled": True}


async def test_a_visit_booking_is_dispatched_and_returned_and_the_rest_released_when_the_visit_concludes(
    svc: InProcess,
) -> None:
    async with svc.client(None) as c:
        for plate in ("湘A10001", "湘A10002"):
            assert (await c.post("/vehicles", json={"plate": plate, "seats": 20})).status_code == 201
        await schedule(svc, "v3", vehicles=2)
        first, second = (await c.get("/vehicle-bookings", params={"visit_id": "v3"})).json()["items"]
        detail = (await c.get(f"/vehicle-bookings/{first['id']}")).json()
        assert detail["allowed_commands"] == ["dispatch"]
        cancel = await c.post(f"/vehicle-bookings/{first['id']}/cancel")
        assert cancel.status_code == 409 and cancel.json()["allowed_commands"] == ["dispatch"]
        out = await c.post(f"/vehicle-bookings/{first['id']}/dispatch", json={"odometer_km": 100})
        assert out.status_code == 200 and out.json()["status"] == "dispatched"
        env = make_envelope(
            event_type="qiaolian.liaison.delegation_visit.concluded.v1",
            producer="liaison",
            subject="v3",
            data=DelegationVisitConcluded(visit_id="v3", concluded_on=date(2026, 3, 12), members=0),
        )
        async with svc.uow() as u:
            await on_visit_concluded(u, env)
        after = {
            b["id"]: b["status"] for b in (await c.get("/vehicle-bookings", params={"visit_id": "v3"})).json()["items"]
        }
        assert after == {first["id"]: "dispatched", second["id"]: "released"}
        back = await c.post(f"/vehicle-bookings/{first['id']}/return", json={"odometer_km": 180})
        assert back.status_code == 200 and back.json()["status"] == "returned"
        [returned] = await svc.facts("vehicle_booking.returned.v1")
        assert returned["distance_km"] == 80
