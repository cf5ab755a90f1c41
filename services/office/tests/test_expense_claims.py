"""財務: budget lines per office and year; a staff member's claim against a line of their office within its
balance (else 409 with the numbers), approved by their office head then by office's finance, in order;
nobody decides their own claim, one person at most one step; the yearly report per line. Through
office's HTTP API on SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.testing import InProcess, in_process
from qiaolian_office.app import definition

STAFF = {  # cadre id: (office, roles)
    "c-rights": ("rights", {"rights.clerk"}),
    "c-rhead": ("rights", {"rights.head"}),
    "c-fin": ("office", {"office.clerk"}),
    "c-oclerk": ("office", {"office.clerk"}),
    "c-ohead": ("office", {"office.head"}),
    "c-ohead2": ("office", {"office.head"}),
}


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[InProcess]:
    async with in_process(definition(), datetime(2026, 3, 10, 2, tzinfo=UTC), tmp_path) as s:
        for cadre_id, (office, _) in STAFF.items():
            await s.add_staff(cadre_id, office=office, name="張三")
        yield s


def as_(svc: InProcess, cadre_id: str) -> httpx.AsyncClient:
    office, roles = STAFF[cadre_id]
    return svc.client(roles, cadre_id=cadre_id, office=office, account_id=f"acc-{cadre_id}")


async def open_line(svc: InProcess, office: str = "rights", amount: int = 10_000, code: str = "travel") -> str:
    async with as_(svc, "c-fin") as c:
        r = await c.post(
            "/budget-lines",
            json={"office": office, "year": 2026, "code": code, "title": "差旅費", "amount_yuan": amount},
        )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def claim(svc: InProcess, by: str, line_id: str, amount: int) -> httpx.Response:
    async with as_(svc, by) as c:
        return await c.post(
            "/expense-claims",
            json={"line_id": line_id, "amount_yuan": amount, "purpose": "赴北京參加培訓", "spent_on": "2026-03-02"},
        )


async def decide(svc: InProcess, by: str, claim_id: str, step: str, approve: bool = True) -> httpx.Response:
    async with as_(svc, by) as c:
        if approve:
            return await c.post(f"/expense-claims/{claim_id}/approve", json={"step": step})
        return await c.post(f"/expense-claims/{claim_id}/reject", json={"step": step, "reason": "票據不全"})


async def test_a_claim_is_approved_by_its_office_head_then_finance_within_the_line_and_reported(svc: InProcess) -> None:
    line = await open_line(svc)
    first = await claim(svc, "c-rights", line, 6000)
    assert first.status_code == 201, first.text
    c1 = first.json()
    assert (c1["state"], c1["office"], c1["next_step"]) == ("submitted", "rights", "office_head")
    assert sorted(c1["allowed_commands"]) == ["approve", "reject", "withdraw"]

    # beyond the balance: refused with the numbers
    over = await claim(svc, "c-rights", line, 4001)
    assert over.status_code == 409, over.text
    body = over.json()
    assert (body["budget_yuan"], body["committed_yuan"], body["balance_yuan"], body["amount_yuan"]) == (
        10_000,
        6000,
        4000,
        4001,
    )

    # in order: finance cannot go first; the head step needs the claimant's office head
    assert (await decide(svc, "c-fin", c1["id"], "finance")).status_code == 409
    wrong = await decide(svc, "c-ohead", c1["id"], "office_head")
    assert wrong.status_code == 403 and wrong.json()["permission"] == "rights.approve"
    r = await decide(svc, "c-rhead", c1["id"], "office_head")
    assert r.status_code == 200 and r.json()["next_step"] == "finance"
    assert r.json()["state"] == "submitted"
    r = await decide(svc, "c-fin", c1["id"], "finance")
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["state"] == "approved" and done["approved_on"] == "2026-03-10" and done["allowed_commands"] == []
    assert [(d["step"], d["decided_by"]) for d in done["decisions"]] == [
        ("office_head", "c-rhead"),
        ("finance", "c-fin"),
    ]
    assert (await decide(svc, "c-fin", c1["id"], "finance")).status_code == 409  # decided already

    second = await claim(svc, "c-rights", line, 1500)
    assert second.status_code == 201
    async with as_(svc, "c-rights") as c:
        report = (await c.get("/budget-lines/report", params={"year": 2026})).json()
        detail = (await c.get(f"/budget-lines/{line}")).json()
        listed = (await c.get("/expense-claims", params={"state": "submitted", "office": "rights"})).json()
        none = (await c.get("/budget-lines/report", params={"year": 2025})).json()
    [row] = report["items"]
    assert (row["approved_yuan"], row["pending_yuan"], row["balance_yuan"]) == (6000, 1500, 2500)
    assert (row["approved_claims"], row["pending_claims"], row["rejected_claims"]) == (1, 1, 0)
    assert (detail["committed_yuan"], detail["balance_yuan"]) == (7500, 2500)
    assert [i["id"] for i in listed["items"]] == [second.json()["id"]]
    assert none["items"] == []

    assert [f["amount_yuan"] for f in await svc.facts("expense_claim.submitted.v1")] == [6000, 1500]
    [approved] = await svc.facts("expense_claim.approved.v1")
    assert approved == {
        "claim_id": c1["id"],
        "line_id": line,
        "office": "rights",
        "amount_yuan": 6000,
        "approved_on": "2026-03-10",
    }
    assert all("purpose" not in f for f in await svc.facts(".v1"))


async def test_nobody_decides_their_own_claim_nor_two_steps_of_one(svc: InProcess) -> None:
    line = await open_line(svc, office="office")
    own = (await claim(svc, "c-ohead", line, 100)).json()
    refused = await decide(svc, "c-ohead", own["id"], "office_head")
    assert refused.status_code == 409 and refused.json()["reason"] == "own_record"

    c = (await claim(svc, "c-oclerk", line, 200)).json()
    assert (await decide(svc, "c-oclerk", c["id"], "office_head")).status_code == 403  # a clerk is no head
    assert (await decide(svc, "c-ohead", c["id"], "office_head")).status_code == 200
    again = await decide(svc, "c-ohead", c["id"], "finance")
    assert again.status_code == 409 and again.json()["reason"] == "one_step_per_person"
    mine = await decide(svc, "c-oclerk", c["id"], "finance")
    assert mine.status_code == 409 and mine.json()["reason"] == "own_record"
    r = await decide(svc, "c-ohead2", c["id"], "finance")
    assert r.status_code == 200 and r.json()["state"] == "approved"


async def test_a_rejected_or_withdrawn_claim_frees_its_amount(svc: InProcess) -> None:
    line = await open_line(svc, amount=1000)
    c = (await claim(svc, "c-rights", line, 1000)).json()
    assert (await claim(svc, "c-rights", line, 1)).status_code == 409
    r = await decide(svc, "c-rhead", c["id"], "office_head", approve=False)
    assert r.status_code == 200 and r.json()["state"] == "rejected"
    assert (await decide(svc, "c-rhead", c["id"], "office_head")).status_code == 409
    [rejected] = await svc.facts("expense_claim.rejected.v1")
    assert rejected["step"] == "office_head"

    c2 = await claim(svc, "c-rights", line, 1000)
    assert c2.status_code == 201
    async with as_(svc, "c-rhead") as h:
        assert (await h.post(f"/expense-claims/{c2.json()['id']}/withdraw")).status_code == 403  # not theirs
    async with as_(svc, "c-rights") as mine:
        w = await mine.post(f"/expense-claims/{c2.json()['id']}/withdraw")
    assert w.status_code == 200 and w.json()["state"] == "withdrawn"
    assert (await claim(svc, "c-rights", line, 1000)).status_code == 201


async def test_bad_input_is_422_and_a_second_line_of_the_same_code_409(svc: InProcess) -> None:
    line = await open_line(svc)
    async with as_(svc, "c-fin") as c:
        dup = await c.post(
            "/budget-lines", json={"office": "rights", "year": 2026, "code": "travel", "title": "x", "amount_yuan": 5}
        )
        assert dup.status_code == 409 and dup.json()["line_id"] == line
        bad = await c.post(
            "/budget-lines", json={"office": "rights", "year": 2026, "code": "Travel!", "title": "x", "amount_yuan": 0}
        )
        assert bad.status_code == 422
        old = await c.post(
            "/budget-lines", json={"office": "rights", "year": 2020, "code": "t", "title": "x", "amount_yuan": 5}
        )
        assert old.status_code == 422 and old.json()["errors"][0]["field"] == "year"
        assert (await c.get("/budget-lines/report")).status_code == 422  # the year is required
    assert (await claim(svc, "c-rights", line, 0)).status_code == 422
    other = await claim(svc, "c-oclerk", line, 10)  # a line of rights, claimed by office's staff
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "line_id"
    assert (await claim(svc, "c-rights", "no-such-line", 10)).status_code == 404
    async with as_(svc, "c-rights") as c:
        late = await c.post(
            "/expense-claims",
            json={"line_id": line, "amount_yuan": 10, "purpose": "x", "spent_on": "2025-12-30"},
        )
        assert late.status_code == 422 and late.json()["errors"][0]["field"] == "spent_on"
        ahead = await c.post(
            "/expense-claims",
            json={"line_id": line, "amount_yuan": 10, "purpose": "x", "spent_on": "2026-03-11"},
        )
        assert ahead.status_code == 422
        noise = await c.post(
            "/expense-claims",
            json={"line_id": line, "amount_yuan": 10, "purpose": "x", "spent_on": "2026-03-01", "by": "c-rhead"},
        )
        assert noise.status_code == 422  # no field names the claimant: it is the signed-in person
    c1 = (await claim(svc, "c-rights", line, 10)).json()
    assert (await decide(svc, "c-rhead", c1["id"], "nobody")).status_code == 422
