"""Holiday duty rosters: the drawing rule (fair, reproducible, nobody twice a day), the rest days the
calendar gives a holiday, and the commands on SQLite (publish, swap, cancel, duty log)."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.calendar import SHIPPED, Calendar
from qiaolian_contracts.events.common import Office
from qiaolian_office.database import directory
from qiaolian_office.duty_rosters import commands as rosters
from qiaolian_office.duty_rosters import queries
from qiaolian_office.duty_rosters.commands import CancelRoster, GenerateRoster, PublishRoster, SwapDuties
from qiaolian_office.duty_rosters.log_commands import LogDuty, log
from qiaolian_office.duty_rosters.rules import Candidate, Leave, NotEnoughStaff, Outcome, draw

CAL = Calendar.from_files(*sorted(SHIPPED.glob("*.json")))
D = date.fromisoformat


# ---- the drawing rule --------------------------------------------------------------------------


@given(
    n=st.integers(1, 12),
    per_day=st.integers(1, 4),
    ndays=st.integers(1, 15),
    history=st.lists(st.integers(0, 6), min_size=12, max_size=12),
)
def test_a_draw_is_even_nobody_serves_twice_a_day_and_the_least_served_get_the_extra_days(
    n: int, per_day: int, ndays: int, history: list[int]
) -> None:
    if per_day > n:
        return
    days = [D("2026-02-15") + timedelta(days=i) for i in range(ndays)]
    people = [Candidate(f"c{i:02d}", history[i]) for i in range(n)]
    drawn = draw(days, per_day, people)
    assert len(drawn) == ndays * per_day
    for day in days:
        on_day = [d.cadre_id for d in drawn if d.duty_on == day]
        assert len(on_day) == len(set(on_day)) == per_day
    counts = Counter(d.cadre_id for d in drawn)
    got = [counts.get(p.cadre_id, 0) for p in people]
    assert max(got) - min(got) <= 1
    for p in people:
        for q in people:
            if p.history < q.history:
                assert counts.get(p.cadre_id, 0) >= counts.get(q.cadre_id, 0)
    assert draw(days, per_day, list(reversed(people))) == drawn  # the order of the directory does not matter


def test_the_fewest_duty_days_so_far_go_first_and_ties_break_by_cadre_id() -> None:
    days = [D("2026-04-04"), D("2026-04-05"), D("2026-04-06")]
    people = [Candidate("a", 2), Candidate("b", 0), Candidate("c", 1), Candidate("d", 0)]
    assert [d.cadre_id for d in draw(days, 1, people)] == ["b", "d", "c"]


def test_nobody_is_drawn_on_a_day_they_are_unavailable_and_a_day_without_enough_staff_is_refused() -> None:
    days = [D("2026-05-01"), D("2026-05-02")]
    people = [Candidate("a", unavailable=frozenset({D("2026-05-01")})), Candidate("b"), Candidate("c")]
    drawn = draw(days, 2, people)
    assert {d.cadre_id for d in drawn if d.duty_on == D("2026-05-01")} == {"b", "c"}
    assert "a" in {d.cadre_id for d in drawn if d.duty_on == D("2026-05-02")}
    with pytest.raises(NotEnoughStaff) as e:
        draw(days, 3, people)
    assert (e.value.duty_on, e.value.needed, e.value.available) == (D("2026-05-01"), 3, 2)


# ---- the rest days the calendar gives ----------------------------------------------------------


def test_a_holidays_rest_days_come_from_the_calendar_and_make_up_working_days_are_not_rest_days() -> None:
    spring = CAL.holiday(2026, "spring_festival")
    assert spring is not None and (spring.first, spring.last) == (D("2026-02-15"), D("2026-02-23"))
    assert CAL.rest_days(spring.first, spring.last) == [D("2026-02-15") + timedelta(days=i) for i in range(9)]
    # 14 and 28 February 2026 are Saturdays worked in exchange (調休): not duty days
    assert CAL.rest_days(D("2026-02-14"), D("2026-02-28")) == CAL.rest_days(spring.first, spring.last)
    # an ordinary weekend is a rest day; the weekdays around it are not
    assert CAL.rest_days(D("2026-03-06"), D("2026-03-09")) == [D("2026-03-07"), D("2026-03-08")]
    assert [h.code for h in CAL.holidays_of(2025)] == [
        "new_year",
        "spring_festival",
        "qingming",
        "labour_day",
        "dragon_boat",
        "national_day",
    ]
    assert CAL.holiday(2026, "christmas") is None


# ---- the commands ------------------------------------------------------------------------------

NOW = datetime(2026, 1, 10, 2, tzinfo=UTC)
ON = NOW.astimezone(CHINA).date()
STAFF = [("c1", "王芳", "office"), ("c2", "李明", "office"), ("c3", "張偉", "rights"), ("c4", "劉洋", "liaison")]


async def setup(office_at: Any, now: datetime = NOW) -> tuple[Any, UnitOfWorkFactory]:
    """office (the conftest's OfficeDb) at `now`, with STAFF in its directory."""
    office = await office_at(now)
    async with office.uow() as u:
        for cadre_id, name, of in STAFF:
            await u.session.execute(
                sa.insert(directory.table).values(
                    cadre_id=cadre_id, name=name, office=of, post="科員", since=D("2025-01-01"), appointment_id=cadre_id
                )
            )
    return office, office.uow


async def duties(uow: UnitOfWorkFactory, roster_id: str) -> list[tuple[date, str]]:
    async with uow() as u:
        return [(d.duty_on, d.cadre_id) for d in await queries.duties(u.session, roster_id)]


async def test_a_published_roster_counts_for_the_next_one_and_is_published_without_names(office_at) -> None:
    db, uow = await setup(office_at)
    async with uow() as u:
        spring = await rosters.generate(
            u, GenerateRoster(prepared_by="辦公室", holiday="spring_festival", year=2026), CAL
        )
    first = await duties(uow, spring.id)
    assert [d for d, _ in first] == CAL.rest_days(D("2026-02-15"), D("2026-02-23"))
    assert Counter(c for _, c in first) == {"c1": 3, "c2": 2, "c3": 2, "c4": 2}
    assert spring.title == "春節 Spring Festival 2026 值班表" and spring.state == "draft"
    assert await db.facts("duty_roster.published.v1") == []  # a draft is not news
    async with uow() as u:
        await rosters.publish(u, PublishRoster(spring.id, published_by="辦公室主任"))
    [fact] = await db.facts("duty_roster.published.v1")
    assert fact["roster_id"] == spring.id and len(fact["duties"]) == 9
    assert set(fact["duties"][0]) == {"assignment_id", "duty_on", "cadre_id"}
    assert "王芳" not in json.dumps(fact, ensure_ascii=False)

    # c1 has served one day more: the three days of Qingming go to the others
    async with uow() as u:
        qingming = await rosters.generate(u, GenerateRoster(prepared_by="辦公室", holiday="qingming", year=2026), CAL)
    assert sorted(c for _, c in await duties(uow, qingming.id)) == ["c2", "c3", "c4"]
    # restricted to one office
    async with uow() as u:
        labour = await rosters.generate(
            u,
            GenerateRoster(prepared_by="辦公室", holiday="labour_day", year=2026, offices=[Office.office], per_day=2),
            CAL,
        )
    assert {c for _, c in await duties(uow, labour.id)} == {"c1", "c2"}


async def test_leave_the_same_day_rule_across_rosters_and_empty_staff_are_respected(office_at) -> None:
    db, uow = await setup(office_at)
    async with uow() as u:
        r = await rosters.generate(
            u,
            GenerateRoster(
                prepared_by="辦公室",
                starts_on=D("2026-01-17"),
                ends_on=D("2026-01-18"),
                per_day=2,
                cadre_ids=["c1", "c2", "c3"],
                unavailable=[Leave(cadre_id="c1", from_on=D("2026-01-17"), to_on=D("2026-01-17"))],
            ),
            CAL,
        )
        await rosters.publish(u, PublishRoster(r.id, published_by="主任"))
    got = await duties(uow, r.id)
    assert ("c1", D("2026-01-17")) not in [(c, d) for d, c in got] and {c for _, c in got} <= {"c1", "c2", "c3"}
    # a second roster over the same weekend cannot draw those already on duty there
    async with uow() as u:
        other = await rosters.generate(
            u,
            GenerateRoster(
                prepared_by="辦公室", starts_on=D("2026-01-17"), ends_on=D("2026-01-17"), cadre_ids=["c2", "c3", "c4"]
            ),
            CAL,
        )
    assert await duties(uow, other.id) == [(D("2026-01-17"), "c4")]
    with pytest.raises(Conflict, match="not enough staff"):
        async with uow() as u:
            await rosters.generate(
                u,
                GenerateRoster(
                    prepared_by="辦公室", starts_on=D("2026-01-17"), ends_on=D("2026-01-17"), cadre_ids=["c2", "c3"]
                ),
                CAL,
            )
    with pytest.raises(Conflict, match="no active staff"):
        async with uow() as u:
            await rosters.generate(
                u,
                GenerateRoster(
                    prepared_by="辦公室", starts_on=D("2026-01-24"), ends_on=D("2026-01-25"), offices=[Office.personnel]
                ),
                CAL,
            )


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"holiday": "christmas", "year": 2026}, "holiday"),
        ({"holiday": "spring_festival", "year": 2031}, "year"),
        ({"holiday": "spring_festival"}, "year"),
        ({"holiday": "new_year", "year": 2026}, "holiday"),  # began before today
        ({"starts_on": D("2026-01-09"), "ends_on": D("2026-01-11")}, "starts_on"),  # began yesterday, a Friday
        ({"starts_on": D("2026-02-01"), "ends_on": D("2026-01-31")}, "ends_on"),
        ({"starts_on": D("2026-01-12"), "ends_on": D("2026-01-16")}, "ends_on"),  # Monday to Friday: no rest day
        ({"starts_on": D("2026-12-26"), "ends_on": D("2027-01-03")}, "ends_on"),  # 2027 not in the calendar
        ({"starts_on": D("2026-01-17"), "ends_on": D("2026-01-18"), "cadre_ids": ["nobody"]}, "cadre_ids.0"),
    ],
)
async def test_bad_periods_and_unknown_cadres_are_422_with_the_field(office_at, kw: dict, field: str) -> None:
    db, uow = await setup(office_at)
    with pytest.raises(Invalid) as e:
        async with uow() as u:
            await rosters.generate(u, GenerateRoster(prepared_by="辦公室", **kw), CAL)
    assert e.value.extra["errors"][0]["field"] == field


async def test_swaps_keep_the_rules_and_after_publication_are_recorded_and_published(office_at) -> None:
    db, uow = await setup(office_at)
    async with uow() as u:
        r = await rosters.generate(
            u, GenerateRoster(prepared_by="辦公室", holiday="qingming", year=2026, cadre_ids=["c1", "c2", "c3"]), CAL
        )
    async with uow() as u:
        a, b, c = await queries.duties(u.session, r.id)
    assert [x.cadre_id for x in (a, b, c)] == ["c1", "c2", "c3"]
    # in a draft: hand over freely; to someone already on duty that day, never
    async with uow() as u:
        await rosters.swap(u, SwapDuties(r.id, assignment_id=a.id, to_cadre_id="c4", recorded_by="辦公室"))
    with pytest.raises(Invalid, match="not active staff"):
        async with uow() as u:
            await rosters.swap(u, SwapDuties(r.id, assignment_id=a.id, to_cadre_id="ghost", recorded_by="辦公室"))
    async with uow() as u:
        await rosters.publish(u, PublishRoster(r.id, published_by="主任"))
    with pytest.raises(Invalid, match="reason"):
        async with uow() as u:
            await rosters.swap(u, SwapDuties(r.id, assignment_id=a.id, with_assignment_id=b.id, recorded_by="王芳"))
    async with uow() as u:
        s = await rosters.swap(
            u, SwapDuties(r.id, assignment_id=a.id, with_assignment_id=b.id, reason="家中有事", recorded_by="王芳")
        )
    assert await duties(uow, r.id) == [(D("2026-04-04"), "c2"), (D("2026-04-05"), "c4"), (D("2026-04-06"), "c3")]
    [fact] = await db.facts("duty_roster.swapped.v1")
    assert fact["swap_id"] == s.id and {(d["duty_on"], d["cadre_id"]) for d in fact["duties"]} == {
        ("2026-04-04", "c2"),
        ("2026-04-05", "c4"),
    }
    assert s.after_publication and (s.from_cadre_id, s.to_cadre_id, s.reason) == ("c4", "c2", "家中有事")
    with pytest.raises(Invalid, match="same day"):
        async with uow() as u:
            await rosters.swap(
                u, SwapDuties(r.id, assignment_id=a.id, with_assignment_id=a.id, reason="x", recorded_by="x")
            )
    # a day already past can no longer be swapped
    db.on(D("2026-04-07"))
    with pytest.raises(Conflict, match="past"):
        async with uow() as u:
            await rosters.swap(u, SwapDuties(r.id, assignment_id=c.id, to_cadre_id="c1", reason="x", recorded_by="x"))
    # a published roster is cancelled only before it begins, and a cancelled one takes no command
    db.on(D("2026-04-04"))
    with pytest.raises(Conflict, match="begun"):
        async with uow() as u:
            await rosters.cancel(u, CancelRoster(r.id, reason="改期"))
    db.on(ON)
    async with uow() as u:
        await rosters.cancel(u, CancelRoster(r.id, reason="改期"))
    assert [f["roster_id"] for f in await db.facts("duty_roster.cancelled.v1")] == [r.id]
    with pytest.raises(InvalidTransition):
        async with uow() as u:
            await rosters.swap(u, SwapDuties(r.id, assignment_id=c.id, to_cadre_id="c1", reason="x", recorded_by="x"))


async def test_the_duty_log_takes_entries_from_whoever_is_on_duty_that_day(office_at) -> None:
    db, uow = await setup(office_at, now=datetime(2026, 4, 4, 12, tzinfo=UTC))
    async with uow() as u:
        r = await rosters.generate(
            u, GenerateRoster(prepared_by="辦公室", holiday="qingming", year=2026, cadre_ids=["c1", "c2", "c3"]), CAL
        )
    at = datetime(2026, 4, 4, 10, tzinfo=CHINA)
    entry = {"duty_on": D("2026-04-04"), "occurred_at": at, "summary": "接到僑胞來電諮詢", "outcome": Outcome.handled}
    with pytest.raises(InvalidTransition):  # a draft has no duty yet
        async with uow() as u:
            await log(u, LogDuty(r.id, cadre_id="c1", **entry))
    async with uow() as u:
        await rosters.publish(u, PublishRoster(r.id, published_by="主任"))
    async with uow() as u:
        e = await log(u, LogDuty(r.id, cadre_id="c1", **entry))
    assert (e.cadre_id, e.outcome) == ("c1", "handled")
    for kw, field in [
        ({"cadre_id": "c2"}, "cadre_id"),
        ({"cadre_id": "c1", "duty_on": D("2026-04-07")}, "duty_on"),
        ({"cadre_id": "c1", "occurred_at": at + timedelta(days=1)}, "occurred_at"),
        ({"cadre_id": "c1", "occurred_at": at + timedelta(hours=12)}, "occurred_at"),  # future
        ({"cadre_id": "c1", "outcome": Outcome.escalated}, "escalated_to"),
    ]:
        with pytest.raises(Invalid) as err:
            async with uow() as u:
                await log(u, LogDuty(r.id, **{**entry, **kw}))
        assert err.value.extra["errors"][0]["field"] == field


async def test_a_long_leave_counts_only_for_the_days_of_the_roster(office_at) -> None:
    # leave "until further notice" (years long) used to be expanded day by day for every candidate:
    # 20 such entries held the event loop for most of a minute
    db, uow = await setup(office_at)
    forever = Leave(cadre_id="c1", from_on=D("2000-01-01"), to_on=D("9999-12-31"))
    started = time.monotonic()
    async with uow() as u:
        r = await rosters.generate(
            u, GenerateRoster(prepared_by="辦公室", holiday="qingming", year=2026, unavailable=[forever] * 20), CAL
        )
    assert time.monotonic() - started < 2
    assert "c1" not in {c for _, c in await duties(uow, r.id)}
    async with uow() as u:
        [first, *_] = await queries.duties(u.session, r.id)
    with pytest.raises(Conflict, match="unavailable"):  # nor handed a duty while on leave
        async with uow() as u:
            await rosters.swap(u, SwapDuties(r.id, assignment_id=first.id, to_cadre_id="c1", recorded_by="辦公室"))
