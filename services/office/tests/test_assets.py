"""資產: fixed assets registered with a custodian of the directory, transferred, counted in the yearly
inventory (confirmed, missing, damaged; closed once all are counted), disposed of with the approval of
an office head who did not ask for it; a custodian who leaves the staff has their assets listed for
handover on the board until transferred. Through office's HTTP API on SQLite, personnel's events through
office's handler map."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from qiaolian_chassis.testing import InProcess, TokenAuth, in_process
from qiaolian_contracts.envelope import make_envelope
from qiaolian_contracts.events.personnel import CadreRemoved, CadreRetired
from qiaolian_office.app import definition
from qiaolian_office.supervision.tables import SupervisionItem

CLERK = TokenAuth("office", {"office.clerk"}, cadre_id="c-clerk", office="office", account_id="acc-clerk")
HEAD = TokenAuth("office", {"office.head"}, cadre_id="c-head", office="office", account_id="acc-head")
HEAD2 = TokenAuth("office", {"office.head"}, cadre_id="c-head2", office="office", account_id="acc-head2")
RIGHTS = TokenAuth("office", {"rights.head"}, cadre_id="c-r", office="rights", account_id="acc-r")


def asset(code: str, custodian: str = "c1", **kw: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": "筆記本電腦",
        "category": "it_equipment",
        "value_yuan": 6800,
        "location": "辦公樓 302",
        "custodian_id": custodian,
        "acquired_on": "2025-06-01",
    } | kw


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[InProcess]:
    async with in_process(definition(), datetime(2026, 11, 2, 2, tzinfo=UTC), tmp_path) as s:
        await s.add_staff("c1", "c2", "c3", office="liaison")
        yield s


async def board(svc: InProcess, kind: str) -> dict[str, tuple[str, str]]:
    async with svc.db.engine.connect() as c:
        rows = await c.execute(
            sa.select(SupervisionItem.source_id, SupervisionItem.state, SupervisionItem.due_on).where(
                SupervisionItem.kind == kind
            )
        )
    return {r[0]: (r[1], str(r[2])) for r in rows.all()}


async def deliver(svc: InProcess, event_type: str, data: Any, subject: str) -> None:
    """Personnel's event through office's handlers, as its consumers would apply it."""
    env = make_envelope(event_type=event_type, producer="personnel", subject=subject, data=data)
    for handlers in svc.definition.handlers.values():
        if event_type in handlers:
            async with svc.uow() as u:
                await handlers[event_type](u, env)


async def test_a_leaving_custodian_has_their_assets_on_the_board_until_handed_over(svc: InProcess) -> None:
    async with svc.client(CLERK) as c:
        a1 = (await c.post("/assets", json=asset("HN-001"))).json()
        a2 = (await c.post("/assets", json=asset("HN-002"))).json()
        a3 = (await c.post("/assets", json=asset("HN-003", custodian="c2"))).json()
    removed = CadreRemoved(cadre_id="c1", office="liaison", reason="seconded_out", effective_on=date(2026, 11, 1))
    await deliver(svc, "qiaolian.personnel.cadre.removed.v1", removed, "c1")
    await deliver(svc, "qiaolian.personnel.cadre.removed.v1", removed, "c1")  # a redelivery adds nothing
    assert await board(svc, "asset_handover") == {a1["id"]: ("open", "2026-12-01"), a2["id"]: ("open", "2026-12-01")}

    async with svc.client(CLERK) as c:
        gone = await c.post(f"/assets/{a1['id']}/transfer", json={"to_custodian_id": "c1"})
        assert gone.status_code == 422 and gone.json()["errors"][0]["field"] == "to_custodian_id"  # not staff any more
        r = await c.post(f"/assets/{a1['id']}/transfer", json={"to_custodian_id": "c2", "location": "302"})
        assert r.status_code == 200, r.text
        assert (r.json()["custodian_id"], r.json()["location"]) == ("c2", "302")
        assert r.json()["transfers"] == [
            {"from_custodian_id": "c1", "to_custodian_id": "c2", "transferred_on": "2026-11-02"}
        ]
        same = await c.post(f"/assets/{a3['id']}/transfer", json={"to_custodian_id": "c2"})
        assert same.status_code == 422
        held = (await c.get("/assets", params={"custodian_id": "c2"})).json()
    assert [i["code"] for i in held["items"]] == ["HN-001", "HN-003"]
    assert (await board(svc, "asset_handover"))[a1["id"]][0] == "closed"
    assert (await board(svc, "asset_handover"))[a2["id"]][0] == "open"

    await deliver(
        svc, "qiaolian.personnel.cadre.retired.v1", CadreRetired(cadre_id="c2", retired_on=date(2026, 11, 2)), "c2"
    )
    assert {k for k, v in (await board(svc, "asset_handover")).items() if v[0] == "open"} == {
        a2["id"],
        a3["id"],
        a1["id"],
    }
    [moved] = await svc.facts("asset.transferred.v1")
    assert moved == {
        "asset_id": a1["id"],
        "from_custodian_id": "c1",
        "to_custodian_id": "c2",
        "transferred_on": "2026-11-02",
    }


async def test_a_disposal_is_approved_by_a_head_who_did_not_ask_for_it(svc: InProcess) -> None:
    async with svc.client(CLERK) as c:
        a = (await c.post("/assets", json=asset("HN-010", value_yuan=3000))).json()
    async with svc.client(HEAD) as c:
        r = await c.post(f"/assets/{a['id']}/request-disposal", json={"reason": "scrapped", "note": "主板損壞"})
        assert r.status_code == 200 and r.json()["state"] == "disposal_requested"
        assert r.json()["allowed_commands"] == ["approve_disposal", "reject_disposal"]
        own = await c.post(f"/assets/{a['id']}/approve-disposal")
        assert own.status_code == 409 and own.json()["reason"] == "own_record"
    async with svc.client(CLERK) as c:
        denied = await c.post(f"/assets/{a['id']}/approve-disposal")
        assert denied.status_code == 403 and denied.json()["permission"] == "office.approve"
        assert (await c.post(f"/assets/{a['id']}/transfer", json={"to_custodian_id": "c2"})).status_code == 409
    async with svc.client(HEAD2) as c:
        r = await c.post(f"/assets/{a['id']}/approve-disposal")
        assert r.status_code == 200, r.text
        assert (r.json()["state"], r.json()["disposal_decided_by"], r.json()["disposed_on"]) == (
            "disposed",
            "c-head2",
            "2026-11-02",
        )
        assert (await c.post(f"/assets/{a['id']}/approve-disposal")).status_code == 409
    [disposed] = await svc.facts("asset.disposed.v1")
    assert disposed == {
        "asset_id": a["id"],
        "category": "it_equipment",
        "value_yuan": 3000,
        "reason": "scrapped",
        "disposed_on": "2026-11-02",
    }
    async with svc.client(CLERK) as c:  # refused: back in use
        b = (await c.post("/assets", json=asset("HN-011"))).json()
        await c.post(f"/assets/{b['id']}/request-disposal", json={"reason": "obsolete", "note": "舊"})
    async with svc.client(HEAD2) as c:
        r = await c.post(f"/assets/{b['id']}/reject-disposal")
    assert r.json()["state"] == "in_use" and r.json()["disposal_reason"] is None


async def test_the_yearly_inventory_counts_every_asset_before_it_closes(svc: InProcess) -> None:
    async with svc.client(CLERK) as c:
        ids = [(await c.post("/assets", json=asset(f"HN-1{i}"))).json()["id"] for i in range(3)]
        r = await c.post("/asset-inventories", json={"year": 2026, "due_on": "2026-12-20"})
        assert r.status_code == 201, r.text
        inv = r.json()
        assert (inv["uncounted"], inv["allowed_commands"]) == (3, ["close", "count"])
        assert (await c.post("/asset-inventories", json={"year": 2026, "due_on": "2026-12-20"})).status_code == 409
        assert await board(svc, "asset_inventory") == {inv["id"]: ("open", "2026-12-20")}
        for asset_id, result in zip(ids[:2], ("confirmed", "missing"), strict=True):
            r = await c.post(f"/asset-inventories/{inv['id']}/counts", json={"asset_id": asset_id, "result": result})
            assert r.status_code == 200
        early = await c.post(f"/asset-inventories/{inv['id']}/close")
        assert early.status_code == 409 and early.json()["uncounted"] == 1
        await c.post(f"/asset-inventories/{inv['id']}/counts", json={"asset_id": ids[2], "result": "confirmed"})
        r = await c.post(f"/asset-inventories/{inv['id']}/counts", json={"asset_id": ids[2], "result": "damaged"})
        assert (r.json()["confirmed"], r.json()["missing"], r.json()["damaged"], r.json()["uncounted"]) == (1, 1, 1, 0)
        closed = await c.post(f"/asset-inventories/{inv['id']}/close")
        assert closed.status_code == 200 and closed.json()["state"] == "closed"
        late = await c.post(f"/asset-inventories/{inv['id']}/counts", json={"asset_id": ids[0], "result": "missing"})
        assert late.status_code == 409
        listed = (await c.get("/asset-inventories", params={"state": "closed"})).json()
    assert [i["year"] for i in listed["items"]] == [2026]
    assert (await board(svc, "asset_inventory"))[inv["id"]][0] == "closed"
    [done] = await svc.facts("asset_inventory.closed.v1")
    assert (done["year"], done["confirmed"], done["missing"], done["damaged"]) == (2026, 1, 1, 1)


async def test_bad_input_is_422_and_a_taken_tag_409(svc: InProcess) -> None:
    async with svc.client(CLERK) as c:
        assert (await c.post("/assets", json=asset("HN-100"))).status_code == 201
        dup = await c.post("/assets", json=asset("HN-100"))
        assert dup.status_code == 409
        nobody = await c.post("/assets", json=asset("HN-101", custodian="nobody"))
        assert nobody.status_code == 422 and nobody.json()["errors"][0]["field"] == "custodian_id"
        ahead = await c.post("/assets", json=asset("HN-102", acquired_on="2026-11-03"))
        assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "acquired_on"
        assert (await c.post("/assets", json=asset("HN 103"))).status_code == 422
        assert (await c.post("/assets", json=asset("HN-104", category="spaceship"))).status_code == 422
        assert (await c.post("/assets", json=asset("HN-105", value_yuan=-1))).status_code == 422
        assert (await c.post("/asset-inventories", json={"year": 2020, "due_on": "2026-12-01"})).status_code == 422
        assert (await c.post("/asset-inventories", json={"year": 2026, "due_on": "2026-11-01"})).status_code == 422
        inv = (await c.post("/asset-inventories", json={"year": 2026, "due_on": "2026-12-01"})).json()
        unknown = await c.post(f"/asset-inventories/{inv['id']}/counts", json={"asset_id": "x", "result": "confirmed"})
        assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "asset_id"
        assert (await c.get("/assets/unknown")).status_code == 404
    async with svc.client(RIGHTS) as c:
        assert (await c.post("/assets", json=asset("HN-106"))).status_code == 403
