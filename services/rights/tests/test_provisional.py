"""The holiday calendar past its data (issue 14; DESIGN.md "Deadlines and time"), through HTTP: a
handling deadline counted into 2027, which the shipped calendar does not cover, is provisional; once
the operator adds a (synthetic) 2027 file and the service starts again, the scheduler counts it again
on the new holidays, the petition and its deadlines show the moved date, no longer provisional, and
`petition.deadline_changed` says so."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qiaolian_chassis.testing import InProcess, TokenAuth, start_in_process
from qiaolian_contracts.calendar import add_year
from qiaolian_rights.app import definition

from .test_petition_access import body

NOW = datetime(2026, 12, 1, 2, tzinfo=UTC)  # Tuesday 2026-12-01 in Beijing
HEAD = TokenAuth("rights", {"rights.head"}, cadre_id="h1")
# a synthetic 2027: a long Spring Festival over the end of January, a make-up Saturday after it
YEAR_2027 = {
    "year": 2027,
    "source": "test",
    "holidays": [
        {"code": "new_year", "name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
        {"code": "spring_festival", "name": "春節", "from": "2027-01-28", "to": "2027-02-05"},
    ],
    "makeup_workdays": ["2027-02-06"],
}


@pytest.fixture
def holidays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "holidays"
    monkeypatch.setenv("QIAOLIAN_HOLIDAYS_DIR", str(directory))
    return directory


async def started(tmp_path: Path, now: datetime = NOW) -> InProcess:
    return await start_in_process(definition(), now, tmp_path, env="dev")


async def test_a_deadline_in_a_year_without_holidays_is_provisional_until_the_year_is_added_and_then_recounted(
    tmp_path: Path, holidays: Path
) -> None:
    svc = await started(tmp_path)
    await svc.add_staff("h1", office="rights", post="主任")
    async with svc.client(HEAD) as c:
        p = (await c.post("/petitions", json=body(received_on="2026-12-01"))).json()
        url = f"/petitions/{p['id']}"
        r = await c.post(f"{url}/accept", json={})
        assert r.status_code == 200, r.text
        # 60 days after 2026-12-01 is Saturday 2027-01-30: weekends only, Monday 2027-02-01
        assert r.json()["handling_due"] == "2027-02-01"
        assert r.json()["provisional_deadlines"] == ["handling"]
        assert (await c.get(url)).json()["provisional_deadlines"] == ["handling"]
        shown = {d["deadline"]: d for d in (await c.get(f"{url}/deadlines")).json()}
        assert (shown["handling"]["due_on"], shown["handling"]["provisional"]) == ("2027-02-01", True)
        assert shown["first_decision"]["provisional"] is False  # 2026-12-16: the shipped 2026 covers it
        await svc.scheduler.tick()  # the calendar has not changed: nothing moves
    assert [
        (d["deadline"], d["due_on"], d["provisional"])
        for d in await svc.facts("deadline_changed.v1")
        if d["change"] == "set"
    ] == [
        ("notice", "2026-12-16", False),  # the written notice's own deadline, announced at filing: 2026 covers it
        ("handling", "2027-02-01", True),
    ]
    await svc.dispose()

    add_year(json.dumps(YEAR_2027, ensure_ascii=False, indent=2))  # where the service reads it (QIAOLIAN_HOLIDAYS_DIR)
    assert (holidays / "2027.json").exists()

    svc = await started(tmp_path)  # a restart
    assert await svc.scheduler.tick() >= 1
    async with svc.client(HEAD) as c:
        shown = {d["deadline"]: d for d in (await c.get(f"{url}/deadlines")).json()}
        # the Spring Festival 01-28..02-05 covers 02-01: the next working day is make-up Saturday 02-06
        assert (shown["handling"]["due_on"], shown["handling"]["provisional"]) == ("2027-02-06", False)
        shown = (await c.get(url)).json()
        assert (shown["handling_due"], shown["provisional_deadlines"]) == ("2027-02-06", [])
    last = (await svc.facts("deadline_changed.v1"))[-1]
    assert (last["deadline"], last["change"], last["due_on"], last["provisional"]) == (
        "handling",
        "set",
        "2027-02-06",
        False,
    )
    before = len(await svc.facts("deadline_changed.v1"))
    await svc.scheduler.tick()  # counted once: a second round publishes nothing more
    assert len(await svc.facts("deadline_changed.v1")) == before
    await svc.dispose()


async def test_a_first_decision_due_in_a_year_without_holidays_is_announced_provisional_at_filing(
    tmp_path: Path, holidays: Path
) -> None:
    """filed 2026-12-20: 15 days is Monday 2027-01-04, provisional; `petition.filed` carries the date,
    `deadline_changed` the mark (the board follows it); with 2027 added the date stands, now final."""
    svc = await started(tmp_path, datetime(2026, 12, 20, 2, tzinfo=UTC))
    async with svc.client(HEAD) as c:
        p = (await c.post("/petitions", json=body(received_on="2026-12-20"))).json()
        # the written notice's 15 days from receipt fall on the same day, as provisional
        assert (p["first_decision_due"], p["provisional_deadlines"]) == ("2027-01-04", ["first_decision", "notice"])
    assert [(d["deadline"], d["due_on"], d["provisional"]) for d in await svc.facts("deadline_changed.v1")] == [
        ("first_decision", "2027-01-04", True),
        ("notice", "2027-01-04", True),
    ]
    await svc.scheduler.tick()  # counted on the calendar as it is: nothing changes
    assert len(await svc.facts("deadline_changed.v1")) == 2
    add_year(json.dumps(YEAR_2027))
    await svc.scheduler.tick()  # a running service: the new file is read on its next round
    async with svc.client(HEAD) as c:
        shown = {d["deadline"]: d for d in (await c.get(f"/petitions/{p['id']}/deadlines")).json()}
    assert (shown["first_decision"]["due_on"], shown["first_decision"]["provisional"]) == ("2027-01-04", False)
    assert [(d["due_on"], d["provisional"]) for d in await svc.facts("deadline_changed.v1")][-1] == (
        "2027-01-04",
        False,
    )
    await svc.dispose()


async def test_a_filing_late_in_the_year_answers_its_provisional_deadlines_as_the_petition_shows_them(
    tmp_path: Path, holidays: Path
) -> None:
    # the filing writes its deadlines in one statement and answers which are provisional without
    # reading them back (issue 15): the answer is the one a later read gives, and the board hears of
    # a provisional first decision although `filed` already carries its date
    svc = await started(tmp_path, now=datetime(2026, 12, 30, 2, tzinfo=UTC))
    async with svc.client(HEAD) as c:
        filed = await c.post("/petitions", json=body(received_on="2026-12-30"))
        assert filed.status_code == 201, filed.text
        p = filed.json()
        shown = (await c.get(f"/petitions/{p['id']}")).json()
        assert p["provisional_deadlines"] == shown["provisional_deadlines"] == ["first_decision", "notice"]
        deadlines = {d["deadline"]: d for d in (await c.get(f"/petitions/{p['id']}/deadlines")).json()}
        assert {k: (d["due_on"], d["provisional"]) for k, d in deadlines.items()} == {
            "first_decision": (p["first_decision_due"], True),
            "notice": (p["notice_due"], True),
        }
        moved = await c.post(
            "/petitions",
            json=body(received_on="2026-12-30", transferred_from="省信訪局", channel="letter", representatives=[]),
        )
        assert moved.status_code == 201, moved.text
        t = moved.json()
        assert t["provisional_deadlines"] == (await c.get(f"/petitions/{t['id']}")).json()["provisional_deadlines"]
    announced = [
        (d["petition_id"], d["deadline"], d["provisional"])
        for d in await svc.facts("deadline_changed.v1")
        if d["change"] == "set"
    ]
    assert announced[:2] == [(p["id"], "first_decision", True), (p["id"], "notice", True)]
