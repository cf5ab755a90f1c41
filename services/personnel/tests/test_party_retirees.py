"""Party work (黨建) and retired cadres over personnel's HTTP API: branches and members, committee terms whose
election is due on the board, meetings with attendance, members following the cadres' transfers and
retirements, retirees' activities, benefits (personal) and visits (an overdue plan on the board)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.testing import ServiceDb, TokenAuth, in_process, invalid, ok
from qiaolian_personnel.app import definition
from qiaolian_personnel.database import deadlines

CLERK = TokenAuth("personnel", {"personnel.clerk"}, account_id="a-clerk", cadre_id="c-clerk")
LEADER = TokenAuth("personnel", {"leader"}, account_id="a-leader", cadre_id="c-leader")
RIGHTS = TokenAuth("personnel", {"rights.clerk"}, account_id="a-rights", cadre_id="c-rights")
TODAY = date(2026, 3, 2)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC))


@pytest.fixture
async def env(tmp_path: Path, clock: FixedClock) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceDb]]:
    async with in_process(definition(), clock, tmp_path) as svc, svc.client(CLERK) as c:
        yield c, svc


async def cadre_in(c: httpx.AsyncClient, name: str, office: str) -> str:
    cid = ok(await c.post("/cadres", json={"name": name}), 201)["id"]
    ok(
        await c.post(
            f"/cadres/{cid}/appointments", json={"office": office, "post": "科員", "effective_on": "2026-01-05"}
        ),
        201,
    )
    return str(cid)


async def test_branches_members_terms_meetings_and_members_follow_transfers(
    env: tuple[httpx.AsyncClient, ServiceDb],
) -> None:
    c, db = env
    rights = ok(
        await c.post("/party/branches", json={"name": "權益保障處黨支部", "kind": "organ", "office": "rights"}), 201
    )
    liaison = ok(
        await c.post("/party/branches", json={"name": "宣傳聯絡處黨支部", "kind": "organ", "office": "liaison"}), 201
    )
    invalid(await c.post("/party/branches", json={"name": "x", "kind": "organ"}), "office")
    r = await c.post("/party/branches", json={"name": "另一支部", "kind": "organ", "office": "rights"})
    assert r.status_code == 409, r.text  # one branch per office

    wang = await cadre_in(c, "王芳", "rights")
    li = await cadre_in(c, "李明", "rights")
    chen = await cadre_in(c, "陳靜", "liaison")
    ok(
        await c.post(
            f"/party/branches/{rights['id']}/members",
            json={"cadre_id": wang, "role": "secretary", "joined_on": "2026-01-05"},
        ),
        201,
    )
    ok(await c.post(f"/party/branches/{rights['id']}/members", json={"cadre_id": li, "joined_on": "2026-01-05"}), 201)
    invalid(  # a cadre of another office
        await c.post(f"/party/branches/{rights['id']}/members", json={"cadre_id": chen, "joined_on": "2026-01-05"}),
        "cadre_id",
    )
    r = await c.post(f"/party/branches/{rights['id']}/members", json={"cadre_id": li, "joined_on": "2026-01-05"})
    assert r.status_code == 409 and r.json()["branch_id"] == rights["id"], r.text
    assert ok(await c.get(f"/party/branches/{rights['id']}"))["members"] == 2

    # the committee's term: its election is due 90 days before it ends, then met by the next election
    invalid(
        await c.post(
            f"/party/branches/{rights['id']}/terms",
            json={"elected_on": "2026-02-01", "starts_on": "2026-02-01", "ends_on": "2026-01-01"},
        ),
        "ends_on",
    )
    ok(
        await c.post(
            f"/party/branches/{rights['id']}/terms",
            json={"elected_on": "2026-02-01", "starts_on": "2026-02-01", "ends_on": "2026-05-01"},
        ),
        201,
    )
    assert [e["data"] for e in await db.outbox(".party_branch.election_due.v1")] == [
        {"branch_id": rights["id"], "term_ends_on": "2026-05-01"}  # already inside its notice: due at once
    ]
    ok(
        await c.post(
            f"/party/branches/{rights['id']}/terms",
            json={"elected_on": "2026-03-01", "starts_on": "2026-05-01", "ends_on": "2029-05-01"},
        ),
        201,
    )
    elected = [e["data"] for e in await db.outbox(".party_branch.committee_elected.v1")]
    assert [(e["previous_term_ends_on"], e["term_ends_on"]) for e in elected] == [
        (None, "2026-05-01"),
        ("2026-05-01", "2029-05-01"),
    ]
    async with db.uow() as u:
        row = await deadlines.get(u.session, "party_branch_term", rights["id"])
    assert row.due_on == date(2029, 5, 1)
    assert ok(await c.get(f"/party/branches/{rights['id']}"))["term_ends_on"] == "2029-05-01"

    # a meeting of the 三會一課 with who attended; only members, held already
    m = ok(
        await c.post(
            f"/party/branches/{rights['id']}/meetings",
            json={"kind": "branch_assembly", "held_on": "2026-03-01", "topic": "學習", "attendees": [wang]},
        ),
        201,
    )
    assert (m["present"], m["members"], m["attendees"]) == (1, 2, [wang])
    invalid(
        await c.post(
            f"/party/branches/{rights['id']}/meetings",
            json={"kind": "party_lecture", "held_on": "2026-03-01", "topic": "x", "attendees": [chen]},
        ),
        "attendees",
    )
    invalid(
        await c.post(
            f"/party/branches/{rights['id']}/meetings",
            json={"kind": "party_lecture", "held_on": "2026-04-01", "topic": "x", "attendees": []},
        ),
        "held_on",
    )
    invalid(
        await c.post(
            f"/party/branches/{rights['id']}/meetings",
            json={"kind": "tea", "held_on": "2026-03-01", "topic": "x", "attendees": []},
        ),
        "kind",
    )
    listed = ok(await c.get(f"/party/branches/{rights['id']}/meetings", params={"kind": "branch_assembly"}))
    assert [(i["id"], i["attendees"]) for i in listed["items"]] == [(m["id"], [wang])]
    assert [e["data"]["present"] for e in await db.outbox(".party_meeting.held.v1")] == [1]

    # li is transferred to liaison: the membership moves to liaison's branch with the transfer
    ok(
        await c.post(
            f"/cadres/{li}/transfers", json={"office": "liaison", "post": "科員", "effective_on": "2026-03-02"}
        ),
        201,
    )
    members = ok(await c.get(f"/party/branches/{liaison['id']}/members"))["items"]
    assert [(x["cadre_id"], x["role"]) for x in members] == [(li, "member")]
    assert ok(await c.get(f"/party/branches/{rights['id']}"))["members"] == 1
    moved = [e["data"] for e in await db.outbox(".party_member.transferred.v1")]
    assert moved == [
        {
            "cadre_id": li,
            "from_branch_id": rights["id"],
            "to_branch_id": liaison["id"],
            "reason": "transferred",
            "transferred_on": "2026-03-02",
        }
    ]

    # wang to office, which has no branch: awaiting placement until placed by hand
    ok(
        await c.post(
            f"/cadres/{wang}/transfers", json={"office": "office", "post": "科員", "effective_on": "2026-03-02"}
        ),
        201,
    )
    awaiting = ok(await c.get("/party/transfers", params={"awaiting": "true"}))["items"]
    assert [(t["cadre_id"], t["to_branch_id"]) for t in awaiting] == [(wang, None)]
    office = ok(
        await c.post("/party/branches", json={"name": "辦公室黨支部", "kind": "organ", "office": "office"}), 201
    )
    ok(await c.post(f"/party/branches/{office['id']}/placements", json={"cadre_id": wang, "on": "2026-03-02"}), 201)
    r = await c.post(f"/party/branches/{office['id']}/placements", json={"cadre_id": wang, "on": "2026-03-02"})
    assert r.status_code == 409, r.text

    # access: names of branches to all staff, members and meetings only to personnel's readers
    assert ok(await c.get("/party/branches", auth=RIGHTS))["total"] == 3
    assert (await c.get(f"/party/branches/{rights['id']}/members", auth=RIGHTS)).status_code == 403
    assert (await c.get(f"/party/branches/{rights['id']}/meetings", auth=LEADER)).status_code == 200
    assert (await c.post("/party/branches", json={"name": "y", "kind": "retirees"}, auth=LEADER)).status_code == 403


async def test_retirees_branch_activities_benefits_and_visits(env: tuple[httpx.AsyncClient, ServiceDb]) -> None:
    c, db = env
    organ = ok(
        await c.post("/party/branches", json={"name": "人事處黨支部", "kind": "organ", "office": "personnel"}), 201
    )
    retirees = ok(await c.post("/party/branches", json={"name": "離退休幹部黨支部", "kind": "retirees"}), 201)
    assert (await c.post("/party/branches", json={"name": "第二離退休支部", "kind": "retirees"})).status_code == 409
    zhao = await cadre_in(c, "趙老", "personnel")
    visitor = await cadre_in(c, "錢科", "personnel")
    ok(await c.post(f"/party/branches/{organ['id']}/members", json={"cadre_id": zhao, "joined_on": "2026-01-05"}), 201)
    # a serving cadre cannot be granted a retiree's benefit or be visited as one
    body = {
        "policy": "湘老幹發〔2024〕3號",
        "kind": "living_allowance",
        "amount": "800.00",
        "period": "monthly",
        "period_from": "2026-03-01",
    }
    invalid(await c.post(f"/retirees/{zhao}/benefits", json=body), "cadre_id")

    ok(await c.post(f"/cadres/{zhao}/retirement", json={"retired_on": "2026-03-02"}))
    # the retiree's membership moves to the retirees' branch
    members = ok(await c.get(f"/party/branches/{retirees['id']}/members"))["items"]
    assert [x["cadre_id"] for x in members] == [zhao]
    assert ok(await c.get("/party/branches", params={"kind": "retirees"}))["items"][0]["members"] is None

    # an activity with the retired cadres who took part; a serving cadre is no attendee
    a = ok(
        await c.post(
            "/retirees/activities", json={"title": "重陽節座談", "held_on": "2026-03-01", "attendees": [zhao]}
        ),
        201,
    )
    assert (a["present"], a["attendees"]) == (1, [zhao])
    invalid(
        await c.post("/retirees/activities", json={"title": "x", "held_on": "2026-03-01", "attendees": [visitor]}),
        "attendees",
    )
    assert [e["data"]["present"] for e in await db.outbox(".retiree.activity_held.v1")] == [1]

    # benefits by policy: kind, amount, period; personal, so only personnel and the cadre see them
    ok(await c.post(f"/retirees/{zhao}/benefits", json=body), 201)
    invalid(await c.post(f"/retirees/{zhao}/benefits", json={**body, "amount": "0"}), "amount")
    invalid(await c.post(f"/retirees/{zhao}/benefits", json={**body, "period_to": "2026-01-01"}), "period_to")
    mine = TokenAuth("personnel", {"rights.clerk"}, account_id="a-zhao", cadre_id=zhao)
    assert ok(await c.get("/retirees/benefits", params={"active_on": "2026-04-01"}))["items"][0]["amount"] == "800.00"
    assert len(ok(await c.get("/retirees/benefits", auth=mine))["items"]) == 1
    assert ok(await c.get("/retirees/benefits", auth=RIGHTS))["items"] == []
    assert await db.outbox(".retiree.benefit") == []  # personal: never published

    # a visit planned: due on the board the notice period before, overdue past its day until recorded
    invalid(
        await c.post(f"/retirees/{zhao}/visits", json={"planned_on": "2026-03-01", "by_cadre_id": visitor}),
        "planned_on",
    )
    invalid(
        await c.post(f"/retirees/{zhao}/visits", json={"planned_on": "2026-03-20", "by_cadre_id": zhao}), "by_cadre_id"
    )
    v = ok(await c.post(f"/retirees/{zhao}/visits", json={"planned_on": "2026-03-20", "by_cadre_id": visitor}), 201)
    assert await db.outbox(".retiree.visit_due.v1") == []  # outside the 7-day notice
    async with db.uow() as u:
        assert await deadlines.run_once(u, TODAY + timedelta(days=12)) == 1
    assert [e["data"] for e in await db.outbox(".retiree.visit_due.v1")] == [
        {"visit_id": v["id"], "planned_on": "2026-03-20"}
    ]
    db.clock.advance(days=20)
    overdue = ok(await c.get("/retirees/visits", params={"overdue": "true"}))["items"]
    assert [(x["id"], x["overdue"]) for x in overdue] == [(v["id"], True)]
    invalid(await c.post(f"/retirees/visits/{v['id']}/record", json={"visited_on": "2026-12-01"}), "visited_on")
    done = ok(
        await c.post(f"/retirees/visits/{v['id']}/record", json={"visited_on": "2026-03-21", "notes": "身體安好"})
    )
    assert (done["state"], done["overdue"]) == ("visited", False)
    assert (await c.post(f"/retirees/visits/{v['id']}/cancel")).status_code == 409
    assert [e["data"] for e in await db.outbox(".retiree.visit_recorded.v1")] == [
        {"visit_id": v["id"], "planned_on": "2026-03-20", "visited_on": "2026-03-21"}
    ]
    assert (await c.get("/retirees/visits", auth=RIGHTS)).status_code == 403
