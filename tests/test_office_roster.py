"""Office (辦公室) through HTTP: holiday duty rosters (值班) drawn from the staff directory that
personnel's appointments feed, published, swapped, with the duty log's rules."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import nats
import nats.js.errors
import pytest

from qiaolian_contracts.calendar import default_calendar
from tests.conftest import eventually

pytestmark = pytest.mark.system


def beijing_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def upcoming_rest_days(n: int) -> list[date]:
    """The next `n` rest days after today that the shipped calendar knows."""
    cal, day, out = default_calendar(), beijing_today() + timedelta(days=1), []
    while len(out) < n and cal.covers(day.year):
        if not cal.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    if len(out) < n:
        pytest.skip("the holiday calendar has no data for the coming rest days")
    return out


def cadres(http, n: int, office: str = "office") -> list[str]:
    """`n` cadres appointed in personnel, once office's directory shows them; in the order of their ids."""
    ids = []
    for _ in range(n):
        c = http("personnel").post("/cadres", json={"name": f"值班員{uuid.uuid4().hex[:4]}"}).json()
        r = http("personnel").post(
            f"/cadres/{c['id']}/appointments", json={"office": office, "post": "科員", "effective_on": "2026-03-01"}
        )
        assert r.status_code == 201, r.text
        ids.append(c["id"])
    eventually(
        lambda: (
            {
                i["cadre_id"]
                for i in http("office").get("/directory", params={"office": office, "limit": 500}).json()["items"]
            }
            >= set(ids)
        )
    )
    return sorted(ids)


def roster(http, days: list[date], pool: list[str], **kw) -> dict:
    r = http("office").post(
        "/duty-rosters",
        json={"starts_on": str(days[0]), "ends_on": str(days[-1]), "cadre_ids": pool, "prepared_by": "辦公室", **kw},
    )
    assert r.status_code == 201, r.text
    return r.json()


def on_the_bus(system, event: str, roster_id: str) -> dict:
    """The data of the last `event` on the OFFICE stream, once it is about `roster_id`."""

    async def last() -> dict | None:
        nc = await system.nats.connect()  # as the provisioner: reading a stream's last message
        try:
            msg = await nc.jetstream().get_last_msg("OFFICE", f"qiaolian.office.duty_roster.{event}.v1")
        except nats.js.errors.NotFoundError:
            return None
        finally:
            await nc.close()
        envelope = json.loads(msg.data)
        return envelope if envelope["subject"] == roster_id else None

    return eventually(lambda: asyncio.run(last()))


def publish(http, roster_id: str) -> dict:
    r = http("office").post(f"/duty-rosters/{roster_id}/publish", json={"published_by": "辦公室主任"})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_roster_is_drawn_evenly_over_the_rest_days_and_the_next_one_spares_who_served_most(http, system) -> None:
    days = upcoming_rest_days(6)
    a, b, c = cadres(http, 3)
    first = roster(http, days[:4], [a, b, c])
    assert (first["state"], first["allowed_commands"]) == ("draft", ["cancel", "publish", "swap"])
    # one duty per rest day, no working day, and counts differ by at most one
    assert [d["duty_on"] for d in first["duties"]] == [str(d) for d in days[:4]]
    assert {t["cadre_id"]: t["duties"] for t in first["tally"]} == {a: 2, b: 1, c: 1}
    assert all(d["name"].startswith("值班員") and d["office"] == "office" for d in first["duties"])
    drafts = http("office").get("/duty-rosters", params={"state": "draft", "limit": 500}).json()
    assert first["id"] in [r["id"] for r in drafts["items"]] and all(r["state"] == "draft" for r in drafts["items"])
    covering = (
        http("office")
        .get("/duty-rosters", params={"on": str(days[0]), "year": days[0].year, "limit": 500})
        .json()["items"]
    )
    assert first["id"] in [r["id"] for r in covering]
    assert first["id"] not in [
        r["id"] for r in http("office").get("/duty-rosters", params={"on": str(days[4]), "limit": 500}).json()["items"]
    ]

    published = publish(http, first["id"])
    assert (published["state"], published["published_on"]) == ("published", str(beijing_today()))
    # on the bus: ids and dates only, no names
    event = on_the_bus(system, "published", first["id"])
    assert [(d["duty_on"], d["cadre_id"]) for d in event["data"]["duties"]] == [
        (d["duty_on"], d["cadre_id"]) for d in first["duties"]
    ]
    assert "值班員" not in json.dumps(event, ensure_ascii=False)
    assert published["allowed_commands"] == ["cancel", "log", "swap"]
    again = http("office").post(f"/duty-rosters/{first['id']}/publish", json={"published_by": "辦公室主任"})
    assert again.status_code == 409 and again.json()["current_state"] == "published"

    # a has served two days, b and c one: the next two rest days go to b and c
    second = roster(http, days[4:], [a, b, c])
    assert sorted(d["cadre_id"] for d in second["duties"]) == [b, c]
    mine = http("office").get("/duty-assignments", params={"cadre_id": a}).json()
    assert [d["duty_on"] for d in mine["items"]] == [d["duty_on"] for d in first["duties"] if d["cadre_id"] == a]
    assert http("office").get("/duty-assignments", params={"cadre_id": b, "state": "draft"}).json()["total"] == 1
    page = http("office").get("/duty-assignments", params={"roster_id": first["id"], "limit": 1, "offset": 1}).json()
    assert (page["total"], len(page["items"]), page["items"][0]["duty_on"]) == (4, 1, str(days[1]))
    between = (
        http("office")
        .get("/duty-assignments", params={"roster_id": first["id"], "from_on": str(days[1]), "to_on": str(days[2])})
        .json()["items"]
    )
    assert [d["duty_on"] for d in between] == [str(days[1]), str(days[2])]


def test_several_per_day_and_people_on_leave(http) -> None:
    days = upcoming_rest_days(2)
    a, b, c, d = cadres(http, 4, office="liaison")
    r = roster(
        http,
        days,
        [a, b, c, d],
        per_day=2,
        unavailable=[{"cadre_id": a, "from_on": str(days[0]), "to_on": str(days[0])}],
        title="元旦值班表",
    )
    on_first = {x["cadre_id"] for x in r["duties"] if x["duty_on"] == str(days[0])}
    on_second = [x["cadre_id"] for x in r["duties"] if x["duty_on"] == str(days[1])]
    assert len(on_first) == 2 and a not in on_first
    assert len(on_second) == len(set(on_second)) == 2 and a in on_second
    assert r["title"] == "元旦值班表" and r["unavailable"][0]["cadre_id"] == a
    # too few people for the days asked
    r = http("office").post(
        "/duty-rosters",
        json={
            "starts_on": str(days[0]),
            "ends_on": str(days[0]),
            "cadre_ids": [a],
            "per_day": 2,
            "prepared_by": "辦公室",
        },
    )
    assert r.status_code == 409 and r.json()["duty_on"] == str(days[0]) and r.json()["available"] == 1


def test_swaps_follow_the_same_day_rule_and_need_a_reason_once_published(http, system) -> None:
    days = upcoming_rest_days(2)
    a, b, c = cadres(http, 3, office="rights")
    r = roster(http, days, [a, b, c], per_day=2)
    day0, day1 = str(days[0]), str(days[1])
    duty = {(x["duty_on"], x["cadre_id"]): x["id"] for x in r["duties"]}
    assert sorted(duty) == sorted([(day0, a), (day0, b), (day1, a), (day1, c)])
    # in the draft: hand a's first day to b, who is already on duty that day: 409
    r2 = http("office").post(
        f"/duty-rosters/{r['id']}/swaps",
        json={"assignment_id": duty[(day0, a)], "to_cadre_id": b, "recorded_by": "辦公室"},
    )
    assert r2.status_code == 409 and r2.json()["duty_on"] == day0
    r2 = http("office").post(
        f"/duty-rosters/{r['id']}/swaps",
        json={"assignment_id": duty[(day0, a)], "to_cadre_id": uuid.uuid4().hex, "recorded_by": "辦公室"},
    )
    assert r2.status_code == 422 and r2.json()["errors"][0]["field"] == "to_cadre_id"

    publish(http, r["id"])
    # a for c would put a twice on the second day
    r2 = http("office").post(
        f"/duty-rosters/{r['id']}/swaps",
        json={
            "assignment_id": duty[(day0, a)],
            "with_assignment_id": duty[(day1, c)],
            "reason": "x",
            "recorded_by": "x",
        },
    )
    assert r2.status_code == 409 and (r2.json()["cadre_id"], r2.json()["duty_on"]) == (a, day1)
    swap = {"assignment_id": duty[(day0, b)], "with_assignment_id": duty[(day1, c)], "recorded_by": "王科長"}
    r2 = http("office").post(f"/duty-rosters/{r['id']}/swaps", json=swap)
    assert r2.status_code == 422 and r2.json()["errors"][0]["field"] == "reason"
    r2 = http("office").post(f"/duty-rosters/{r['id']}/swaps", json={**swap, "reason": "家中有事"})
    assert r2.status_code == 201, r2.text
    after = r2.json()
    assert sorted((x["duty_on"], x["cadre_id"]) for x in after["duties"]) == sorted(
        [(day0, a), (day0, c), (day1, a), (day1, b)]
    )
    [s] = after["swaps"]
    assert (s["kind"], s["from_cadre_id"], s["to_cadre_id"], s["reason"], s["recorded_by"], s["after_publication"]) == (
        "exchange",
        b,
        c,
        "家中有事",
        "王科長",
        True,
    )
    event = on_the_bus(system, "swapped", r["id"])["data"]
    assert (event["swap_id"], sorted((d["duty_on"], d["cadre_id"]) for d in event["duties"])) == (
        s["id"],
        [(day0, c), (day1, b)],
    )
    assert "家中有事" not in json.dumps(event, ensure_ascii=False)
    assert http("office").get(f"/duty-rosters/{r['id']}").json()["duties"] == after["duties"]


def test_the_duties_of_a_cadre_who_leaves_wait_to_be_handed_over(http) -> None:
    days = upcoming_rest_days(2)
    a, b, c = cadres(http, 3)
    r = roster(http, days, [a, b])
    assert [(d["cadre_id"], d["on_staff"]) for d in r["duties"]] == [(a, True), (b, True)]

    def leave(cadre_id: str) -> None:
        resp = http("personnel").post(
            f"/cadres/{cadre_id}/removal", json={"reason": "resigned", "effective_on": "2026-06-01"}
        )
        assert resp.status_code == 201, resp.text
        eventually(
            lambda: (
                cadre_id
                not in {
                    i["cadre_id"]
                    for i in http("office").get("/directory", params={"office": "office", "limit": 500}).json()["items"]
                }
            )
        )

    leave(a)
    refused = http("office").post(f"/duty-rosters/{r['id']}/publish", json={"published_by": "辦公室主任"})
    assert refused.status_code == 409 and refused.json()["cadre_ids"] == [a]
    detail = http("office").get(f"/duty-rosters/{r['id']}").json()
    assert [(d["cadre_id"], d["on_staff"]) for d in detail["duties"]] == [(a, False), (b, True)]
    handed = http("office").post(
        f"/duty-rosters/{r['id']}/swaps",
        json={"assignment_id": detail["duties"][0]["id"], "to_cadre_id": c, "recorded_by": "辦公室"},
    )
    assert handed.status_code == 201, handed.text
    publish(http, r["id"])

    leave(b)
    open_duties = http("office").get("/duty-assignments", params={"roster_id": r["id"], "on_staff": "false"}).json()
    assert [(d["cadre_id"], d["duty_on"]) for d in open_duties["items"]] == [(b, str(days[1]))]
    covered = http("office").get("/duty-assignments", params={"roster_id": r["id"], "on_staff": "true"}).json()
    assert [d["cadre_id"] for d in covered["items"]] == [c]


def test_cancel_and_the_duty_log_follow_the_state_machine(http) -> None:
    days = upcoming_rest_days(1)
    a, b = cadres(http, 2, office="personnel")
    r = roster(http, days, [a, b])
    entry = {
        "duty_on": str(days[0]),
        "cadre_id": a,
        "occurred_at": f"{days[0]}T09:30:00+08:00",
        "summary": "接到海外僑團來電",
        "outcome": "handled",
    }
    log = http("office").post(f"/duty-rosters/{r['id']}/log", json=entry)
    assert log.status_code == 409 and log.json()["current_state"] == "draft"
    publish(http, r["id"])
    log = http("office").post(f"/duty-rosters/{r['id']}/log", json={**entry, "cadre_id": b})
    assert log.status_code == 422 and log.json()["errors"][0]["field"] == "cadre_id"  # not on duty that day
    log = http("office").post(f"/duty-rosters/{r['id']}/log", json=entry)
    assert log.status_code == 422 and log.json()["errors"][0]["field"] == "occurred_at"  # not yet happened
    listed = http("office").get("/duty-log", params={"roster_id": r["id"], "outcome": "handled"}).json()
    assert (listed["total"], listed["items"]) == (0, [])

    cancelled = http("office").post(f"/duty-rosters/{r['id']}/cancel", json={"reason": "改由值班室統一安排"})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert cancelled.json()["allowed_commands"] == []
    again = http("office").post(f"/duty-rosters/{r['id']}/cancel", json={"reason": "x"})
    assert again.status_code == 409
    # a cancelled roster frees its days: a new one may draw the same people
    assert {d["cadre_id"] for d in roster(http, days, [a])["duties"]} == {a}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"holiday": "christmas", "year": 2026}, "holiday"),
        ({"holiday": "spring_festival", "year": 2026}, "holiday"),  # over already
        ({"holiday": "spring_festival", "year": 2031}, "year"),
        ({"holiday": "spring_festival", "year": 2026, "starts_on": 0, "ends_on": 1}, "holiday"),
        ({"starts_on": 1, "ends_on": 0}, "ends_on"),
        ({"starts_on": 0, "ends_on": 1, "per_day": 0}, "per_day"),
        ({"starts_on": 0, "ends_on": 1, "offices": ["treasury"]}, "offices.0"),
        ({"starts_on": 0, "ends_on": 1, "cadre_ids": ["nobody"]}, "cadre_ids.0"),
    ],
)
def test_bad_requests_are_422_with_the_field(http, body: dict, field: str) -> None:
    days = upcoming_rest_days(2)  # 0 and 1 in a case stand for the next two rest days
    body = {k: str(days[v]) if k in ("starts_on", "ends_on") else v for k, v in body.items()}
    r = http("office").post("/duty-rosters", json={"prepared_by": "辦公室", **body})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == field


def test_the_holidays_of_a_year_and_unknown_rosters(http) -> None:
    holidays = http("office").get("/duty-rosters/holidays", params={"year": 2026}).json()
    spring = next(h for h in holidays if h["code"] == "spring_festival")
    assert (spring["first_day"], spring["last_day"], len(spring["rest_days"])) == ("2026-02-15", "2026-02-23", 9)
    assert "2026-02-14" not in spring["rest_days"]  # a make-up working day
    r = http("office").get("/duty-rosters/holidays", params={"year": 2031})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"
    assert http("office").get(f"/duty-rosters/{uuid.uuid4().hex}").status_code == 404
