"""The youth committee and the overseas advisers as committees with terms, over liaison's HTTP API: members
are key persons, bad input 422, conflicts 409, the term's end warned (`committee.term_expiring`, which puts
an item on office's board) and a renewal that meets it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.testing import ServiceDb, TokenAuth, in_process, invalid, ok
from qiaolian_liaison.app import definition
from qiaolian_liaison.database import deadlines

CLERK = TokenAuth("liaison", {"liaison.clerk"}, account_id="a-clerk", cadre_id="c-clerk")
RIGHTS = TokenAuth("liaison", {"rights.clerk"}, account_id="a-rights", cadre_id="c-rights")


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceDb]]:
    async with in_process(definition(), datetime(2027, 1, 4, 2, tzinfo=UTC), tmp_path) as svc, svc.client(CLERK) as c:
        yield c, svc


async def test_a_committee_with_members_its_term_warned_and_renewed(env: tuple[httpx.AsyncClient, ServiceDb]) -> None:
    c, db = env
    body = {
        "kind": "youth_committee",
        "name": "湖南省僑聯第三屆青年委員會",
        "session_no": 3,
        "term_starts_on": "2025-01-01",
        "term_ends_on": "2027-12-31",
    }
    invalid(await c.post("/committees", json={**body, "term_ends_on": "2024-12-31"}), "term_ends_on")
    invalid(await c.post("/committees", json={**body, "kind": "choir"}), "kind")
    youth = ok(await c.post("/committees", json=body), 201)
    assert youth["expiring"] is False
    assert (await c.post("/committees", json={**body, "name": "另一個"})).status_code == 409  # session 3 exists
    advisers = ok(
        await c.post(
            "/committees",
            json={**body, "kind": "overseas_advisers", "name": "海外顧問", "term_ends_on": "2027-02-01"},
        ),
        201,
    )
    assert advisers["expiring"] is True  # within 60 days: warned at once
    assert [e["data"] for e in await db.outbox(".committee.term_expiring.v1")] == [
        {"committee_id": advisers["id"], "term_ends_on": "2027-02-01"}
    ]

    person = {"name_zh": "林美玲", "family_name": "Lim", "given_name": "Mei Ling", "country": "MY", "field": "youth"}
    p = ok(await c.post("/persons", json=person), 201)
    m = ok(
        await c.post(f"/committees/{youth['id']}/members", json={"person_id": p["id"], "joined_on": "2025-01-01"}), 201
    )
    assert m["role"] == "member"
    r = await c.post(f"/committees/{youth['id']}/members", json={"person_id": p["id"], "joined_on": "2025-01-01"})
    assert r.status_code == 409, r.text
    invalid(
        await c.post(f"/committees/{youth['id']}/members", json={"person_id": "nobody", "joined_on": "2025-01-01"}),
        "person_id",
    )
    invalid(
        await c.post(f"/committees/{advisers['id']}/members", json={"person_id": p["id"], "joined_on": "2028-01-01"}),
        "joined_on",
    )
    assert [x["person_id"] for x in ok(await c.get(f"/committees/{youth['id']}/members"))["items"]] == [p["id"]]

    # renewal: the new term must end later; it meets the warning and watches the new end
    invalid(
        await c.post(
            f"/committees/{advisers['id']}/renewal", json={"term_starts_on": "2027-02-01", "term_ends_on": "2027-01-01"}
        ),
        "term_ends_on",
    )
    renewed = ok(
        await c.post(
            f"/committees/{advisers['id']}/renewal", json={"term_starts_on": "2027-02-01", "term_ends_on": "2030-01-31"}
        )
    )
    assert (renewed["term_ends_on"], renewed["expiring"]) == ("2030-01-31", False)
    assert [e["data"] for e in await db.outbox(".committee.term_renewed.v1")] == [
        {
            "committee_id": advisers["id"],
            "previous_term_ends_on": "2027-02-01",
            "term_starts_on": "2027-02-01",
            "term_ends_on": "2030-01-31",
        }
    ]
    async with db.uow() as u:
        row = await deadlines.get(u.session, "committee_term", advisers["id"])
    assert (row.due_on, row.state) == (date(2030, 1, 31), "open")
    listed = ok(await c.get("/committees", params={"ends_before": "2028-01-01"}))["items"]
    assert [x["id"] for x in listed] == [youth["id"]]

    # access: committees' names to all staff, members only to liaison's readers, commands to liaison
    assert ok(await c.get("/committees", auth=RIGHTS))["total"] == 2
    assert (await c.get(f"/committees/{youth['id']}/members", auth=RIGHTS)).status_code == 403
    assert (await c.post("/committees", json=body, auth=RIGHTS)).status_code == 403
