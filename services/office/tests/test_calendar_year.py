"""From 1 November, while next year's holiday calendar is missing, readiness warns and office's board
shows an item for the operator; adding the year (`qiaolian calendar add`) clears both. Through HTTP,
on SQLite, with the operator's holidays directory in tmp_path."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.testing import InProcess, start_in_process
from qiaolian_contracts.calendar import add_year
from qiaolian_contracts.envelope import make_envelope
from qiaolian_contracts.events.rights import DeadlineChange, PetitionDeadlineChanged, PetitionDeadlineKind
from qiaolian_office.app import definition
from qiaolian_office.supervision.events import on_petition_deadline_changed

YEAR_2027 = {
    "year": 2027,
    "holidays": [{"code": "new_year", "name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
    "makeup_workdays": [],
}


async def office_on(tmp_path: Path, now: datetime) -> tuple[httpx.AsyncClient, InProcess]:
    svc = await start_in_process(definition(), now, tmp_path)
    return svc.client({"office.clerk"}, cadre_id="c1", office="office"), svc


async def calendar_items(c: httpx.AsyncClient) -> list[dict]:
    r = await c.get("/supervision/items", params={"kind": "calendar_year"})
    assert r.status_code == 200, r.text
    return r.json()["items"]


@pytest.mark.parametrize(("now", "warned"), [(datetime(2026, 10, 31, 4, tzinfo=UTC), False), (None, True)])
async def test_from_november_a_missing_next_year_is_a_readiness_warning_and_a_board_item_until_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime | None, warned: bool
) -> None:
    monkeypatch.setenv("QIAOLIAN_HOLIDAYS_DIR", str(tmp_path / "holidays"))
    c, svc = await office_on(tmp_path, now or datetime(2026, 11, 1, 0, 30, tzinfo=UTC))  # 1 Nov, 08:30 Beijing
    r = await c.get("/health/ready")
    assert r.json()["checks"]["database"] == "ok"  # NATS is away here: the warning is beside the checks
    warnings = r.json()["warnings"]
    assert bool(warnings) is warned and all("2027" in w for w in warnings)
    await svc.scheduler.tick()
    items = await calendar_items(c)
    if not warned:
        assert items == []
        await c.aclose()
        await svc.db.dispose()
        return
    assert [(i["source_id"], i["office"], i["due_on"]) for i in items] == [("holidays-2027", "office", "2026-12-31")]
    await svc.scheduler.tick()
    assert len(await calendar_items(c)) == 1  # one item, not one per round

    add_year(json.dumps(YEAR_2027))
    assert (await c.get("/health/ready")).json()["warnings"] == []
    await svc.scheduler.tick()
    assert await calendar_items(c) == []
    r = await c.get("/supervision/items", params={"kind": "calendar_year", "state": "closed"})
    assert [i["source_id"] for i in r.json()["items"]] == ["holidays-2027"]
    await c.aclose()
    await svc.db.dispose()


async def test_the_board_shows_a_petition_deadline_provisional_until_rights_counts_it_again(tmp_path: Path) -> None:
    """rights' `deadline_changed` says a date is provisional, and later that it is final and moved:
    the board item follows both (GET /supervision/items)."""
    c, svc = await office_on(tmp_path, datetime(2026, 12, 1, 2, tzinfo=UTC))

    async def changed(due_on: str, provisional: bool) -> None:
        data = PetitionDeadlineChanged(
            petition_id="p1",
            deadline=PetitionDeadlineKind.handling,
            change=DeadlineChange.set,
            due_on=date.fromisoformat(due_on),
            provisional=provisional,
        )
        event = make_envelope(
            event_type="qiaolian.rights.petition.deadline_changed.v1", producer="rights", subject="p1", data=data
        )
        async with svc.uow() as u:
            await on_petition_deadline_changed(u, event)

    await changed("2027-02-01", True)
    (item,) = (await c.get("/supervision/items", params={"kind": "petition_handling"})).json()["items"]
    assert (item["source_id"], item["due_on"], item["provisional"]) == ("p1", "2027-02-01", True)
    await changed("2027-02-06", False)
    (item,) = (await c.get("/supervision/items", params={"kind": "petition_handling"})).json()["items"]
    assert (item["due_on"], item["provisional"]) == ("2027-02-06", False)
    await c.aclose()
    await svc.db.dispose()
