"""liaison end to end through HTTP: associations and key persons with duplicate detection and merge,
office's resource registry fed by their events, the delegation visit lifecycle with a re-request after
a declined booking, the review of news and manuscripts with its Atom feed, and the interaction log."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from qiaolian_chassis.testing import TokenAuth

from .conftest import confirm_reception, eventually

pytestmark = pytest.mark.system

ATOM = "{http://www.w3.org/2005/Atom}"


def _tag() -> str:
    return f"{time.monotonic_ns() % 10**9}"


def _assoc(**kw) -> dict:
    return {
        "name_zh": "馬來西亞湖南同鄉會",
        "name_romanised": "Malaysia Hunan Association",
        "country": "MY",
        "city": "Kuala Lumpur",
        "field": "hometown",
        "hometown": "湖南長沙",
        "leaders": [{"name": "陳大文", "title": "會長"}],
        "founded_year": 1985,
        **kw,
    }


def _person(**kw) -> dict:
    return {
        "name_zh": "陳大文",
        "family_name": "Tan",
        "given_name": "Ah Kow",
        "country": "MY",
        "field": "business",
        "hometown": "湖南長沙",
        "phone": "+60 12 345 6789",
        "address": "1 Jalan Ampang",
        **kw,
    }


def test_association_and_person_reach_the_resource_registry_without_contact_details(http) -> None:
    town = f"湘潭{_tag()}"
    a = http("liaison").post(
        "/associations",
        json=_assoc(
            name_zh=f"新西蘭湘潭商會{town}", name_romanised=None, country="NZ", field="business", hometown=town
        ),
    )
    assert a.status_code == 201, a.text
    p = http("liaison").post(
        "/persons",
        json=_person(
            name_zh=f"李{town}",
            family_name=f"Li{town[-6:]}",
            country="NZ",
            association_id=a.json()["id"],
            hometown=town,
        ),
    )
    assert p.status_code == 201, p.text
    assert p.json()["phone"] == "+60 12 345 6789"  # liaison keeps it

    def registry(**params) -> list[dict]:
        return http("office").get("/resources", params={"hometown": town, **params}).json()["items"]

    found = eventually(lambda: len(registry()) == 2 and registry())
    assert {r["kind"] for r in found} == {"person", "association"}
    person = next(r for r in found if r["kind"] == "person")
    assert person["association_id"] == a.json()["id"] and person["country"] == "NZ"
    assert not {"phone", "address", "email"} & set(person)  # no contact details in office
    assert [r["kind"] for r in registry(country="NZ", field="business", kind="person")] == ["person"]
    assert registry(country="SG") == []
    one = http("office").get("/resources", params={"hometown": town, "limit": 1}).json()
    assert one["total"] == 2 and len(one["items"]) == 1
    assert http("office").get(f"/resources/{person['id']}").json()["name_zh"] == f"李{town}"
    assert http("office").get("/resources/nope").status_code == 404
    assert http("office").get("/resources", params={"country": "nz"}).status_code == 422

    # changes follow: the association goes dormant, the person moves to another field
    changed = http("liaison").patch(f"/associations/{a.json()['id']}", json={"status": "dormant"})
    assert changed.status_code == 200 and changed.json()["status"] == "dormant"
    moved = http("liaison").patch(f"/persons/{person['id']}", json={"field": "science", "phone": "+64 9 123 4567"})
    assert moved.status_code == 200 and moved.json()["field"] == "science"
    eventually(lambda: [r["id"] for r in registry(status="dormant")] == [a.json()["id"]])
    eventually(lambda: [r["id"] for r in registry(field="science")] == [person["id"]])
    assert http("liaison").patch(f"/persons/{person['id']}", json={"field": None}).status_code == 422
    assert http("liaison").patch(f"/persons/{person['id']}", json={"name_zh": "改名"}).status_code == 422
    assert http("liaison").patch(f"/associations/{a.json()['id']}", json={"status": "gone"}).status_code == 422


def test_a_likely_duplicate_is_answered_with_the_matches_and_merge_moves_everything_to_the_survivor(http) -> None:
    town = f"衡陽{_tag()}"
    first = http("liaison").post("/persons", json=_person(country="CA", hometown=town, name_zh=f"陳{town}")).json()
    # the same romanised name with family and given name swapped, in capitals
    again = http("liaison").post(
        "/persons", json=_person(country="CA", hometown=town, name_zh=None, family_name="AH KOW", given_name="tan")
    )
    assert again.status_code == 409
    assert [d["id"] for d in again.json()["duplicates"]] == [first["id"]]
    assert again.json()["duplicates"][0]["matched_on"] == "name_romanised"
    dup = (
        http("liaison")
        .post(
            "/persons",
            json=_person(
                country="CA",
                hometown=town,
                name_zh=None,
                family_name="AH KOW",
                given_name="tan",
                register_despite_duplicates=True,
            ),
        )
        .json()
    )
    assert [d["id"] for d in http("liaison").get(f"/persons/{first['id']}/duplicates").json()] == [dup["id"]]
    role = (
        http("liaison")
        .post(
            f"/persons/{dup['id']}/appointments",
            json={"role": "overseas_adviser", "term_starts_on": "2025-01-01", "term_ends_on": "2030-01-01"},
        )
        .json()
    )
    log = (
        http("liaison")
        .post(
            "/interactions",
            json={
                "contact_kind": "person",
                "contact_id": dup["id"],
                "kind": "gift",
                "occurred_on": date.today().isoformat(),
                "staff_cadre_id": "cadre-1",
            },
        )
        .json()
    )
    eventually(lambda: http("office").get("/resources", params={"hometown": town}).json()["total"] == 2)

    merged = http("liaison").post(f"/persons/{first['id']}/merge", json={"duplicate_id": dup["id"]})
    assert merged.status_code == 200, merged.text
    assert http("liaison").get(f"/appointments/{role['id']}").json()["person_id"] == first["id"]
    assert http("liaison").get(f"/interactions/{log['id']}").json()["contact_id"] == first["id"]
    assert http("liaison").get(f"/persons/{dup['id']}").json()["merged_into"] == first["id"]
    assert [p["id"] for p in http("liaison").get("/persons", params={"hometown": town}).json()["items"]] == [
        first["id"]
    ]
    # office re-points its registry: only the survivor remains
    eventually(
        lambda: (
            [r["id"] for r in http("office").get("/resources", params={"hometown": town}).json()["items"]]
            == [first["id"]]
        )
    )
    # merging again, or into itself, is refused
    assert http("liaison").post(f"/persons/{first['id']}/merge", json={"duplicate_id": dup["id"]}).status_code == 409
    itself = http("liaison").post(f"/persons/{first['id']}/merge", json={"duplicate_id": first["id"]})
    assert itself.status_code == 422 and itself.json()["errors"][0]["field"] == "duplicate_id"


def test_associations_refuse_bad_input_with_field_and_reason(http) -> None:
    for body, field in [
        ({**_assoc(), "name_zh": None, "name_romanised": None}, "body"),
        ({**_assoc(), "country": "Malaysia"}, "country"),
        ({**_assoc(), "field": "Business!"}, "field"),
        ({**_assoc(), "founded_year": 1200}, "founded_year"),
        ({**_assoc(), "secret": 1}, "secret"),
    ]:
        r = http("liaison").post("/associations", json=body)
        assert r.status_code == 422, body
        assert r.json()["errors"][0]["field"] == field
        assert "Malaysia" not in r.text  # the reason, never the value
    assert http("liaison").post("/persons", json=_person(association_id="nope")).json()["errors"] == [
        {"field": "association_id", "reason": "no such association"}
    ]
    assert http("liaison").get("/associations/nope").status_code == 404
    page = http("liaison").get("/associations", params={"limit": 0})
    assert page.status_code == 422


def test_appointments_list_by_role_and_refuse_a_term_that_ends_before_it_starts(http) -> None:
    p = (
        http("liaison")
        .post("/persons", json=_person(name_zh=f"黃{_tag()}", family_name=f"Wong{_tag()}", country="AU"))
        .json()
    )
    bad = http("liaison").post(
        f"/persons/{p['id']}/appointments",
        json={"role": "hmt_contact", "term_starts_on": "2026-01-01", "term_ends_on": "2025-01-01"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "term_ends_on"
    assert (
        http("liaison")
        .post(f"/persons/{p['id']}/appointments", json={"role": "chairman", "term_starts_on": "2026-01-01"})
        .status_code
        == 422
    )
    ok = http("liaison").post(
        f"/persons/{p['id']}/appointments",
        json={"role": "youth_committee_member", "term_starts_on": "2026-01-01", "term_ends_on": "2031-01-01"},
    )
    assert ok.status_code == 201
    twice = http("liaison").post(
        f"/persons/{p['id']}/appointments", json={"role": "youth_committee_member", "term_starts_on": "2026-06-01"}
    )
    assert twice.status_code == 409
    listed = http("liaison").get("/persons", params={"role": "youth_committee_member", "country": "AU"}).json()
    assert p["id"] in [x["id"] for x in listed["items"]]
    ended = http("liaison").post(f"/appointments/{ok.json()['id']}/end", json={"ended_on": "2027-01-01"})
    assert ended.status_code == 200 and ended.json()["state"] == "ended"
    assert (
        http("liaison").post(f"/appointments/{ok.json()['id']}/end", json={"ended_on": "2027-01-01"}).status_code == 409
    )


def _visit(start: date, **kw) -> dict:
    return {
        "association_name": "馬來西亞湖南同鄉會",
        "country": "MY",
        "size": 12,
        "arrival_on": start.isoformat(),
        "departure_on": (start + timedelta(days=2)).isoformat(),
        "needs_reception": True,
        "vehicles_needed": 1,
        **kw,
    }


def _logistics(http, visit_id: str) -> dict | None:
    v = http("liaison").get(f"/delegation-visits/{visit_id}").json()
    return v if v["logistics"]["status"] != "pending" else None


def test_a_proposed_visit_is_approved_scheduled_arrives_and_concludes(http) -> None:
    start = date.today() + timedelta(days=400)
    http("office").post("/vehicles", json={"plate": f"湘B{_tag()[-5:]}", "seats": 20})
    member = (
        http("liaison")
        .post("/persons", json=_person(name_zh=f"團員{_tag()}", family_name=f"M{_tag()}", country="TH"))
        .json()
    )
    body = _visit(
        start,
        state="proposed",
        members=[member["id"]],
        hosts=["湖南省僑聯"],
        itinerary=[{"day": start.isoformat(), "plan": "抵達長沙，歡迎晚宴"}],
    )
    r = http("liaison").post("/delegation-visits", json=body)
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["state"] == "proposed" and v["logistics"]["status"] == "not_needed"  # office not asked yet
    assert v["allowed_commands"] == ["approve", "cancel"]
    skip = http("liaison").post(f"/delegation-visits/{v['id']}/arrive")
    assert skip.status_code == 409 and skip.json()["current_state"] == "proposed"
    assert http("liaison").post(f"/delegation-visits/{v['id']}/approve").json()["state"] == "approved"
    scheduled = http("liaison").post(f"/delegation-visits/{v['id']}/schedule").json()
    assert scheduled["state"] == "scheduled" and scheduled["logistics"]["status"] == "pending"
    confirm_reception(http, v["id"])  # office plans and confirms the requested reception
    done = eventually(lambda: _logistics(http, v["id"]))
    assert done["logistics"]["status"] == "arranged"
    assert http("liaison").post(f"/delegation-visits/{v['id']}/arrive").json()["state"] == "arrived"
    assert http("liaison").post(f"/delegation-visits/{v['id']}/cancel").status_code == 409  # too late
    concluded = http("liaison").post(f"/delegation-visits/{v['id']}/conclude").json()
    beijing_today = datetime.now(timezone(timedelta(hours=8))).date()  # the federation's date
    assert concluded["state"] == "concluded" and concluded["concluded_on"] == beijing_today.isoformat()
    assert concluded["members"] == [member["id"]] and concluded["hosts"] == ["湖南省僑聯"]
    listed = http("liaison").get("/delegation-visits", params={"state": "concluded", "limit": 500}).json()
    assert v["id"] in [x["id"] for x in listed["items"]]


def test_visit_refuses_bad_itinerary_and_unknown_members(http) -> None:
    start = date.today() + timedelta(days=60)
    outside = http("liaison").post(
        "/delegation-visits",
        json=_visit(start, itinerary=[{"day": (start + timedelta(days=5)).isoformat(), "plan": "x"}]),
    )
    assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "itinerary.0.day"
    ghost = http("liaison").post("/delegation-visits", json=_visit(start, members=["nobody"]))
    assert ghost.status_code == 422 and ghost.json()["errors"][0]["field"] == "members.0"
    odd = http("liaison").post("/delegation-visits", json=_visit(start, state="arrived"))
    assert odd.status_code == 422 and odd.json()["errors"][0]["field"] == "state"


def test_a_declined_booking_needs_attention_and_can_be_requested_again(http) -> None:
    start = date.today() + timedelta(days=500)
    fleet = http("office").get("/vehicles", params={"status": "in_service", "limit": 1}).json()["total"]
    v = http("liaison").post("/delegation-visits", json=_visit(start, vehicles_needed=fleet + 1)).json()
    confirm_reception(http, v["id"])
    declined = eventually(lambda: _logistics(http, v["id"]))
    assert declined["logistics"]["status"] == "needs_attention"
    assert declined["allowed_commands"] == ["arrive", "cancel", "request_logistics"]
    attention = http("liaison").get("/delegation-visits", params={"logistics": "needs_attention", "limit": 500}).json()
    assert v["id"] in [x["id"] for x in attention["items"]]

    http("office").post("/vehicles", json={"plate": f"湘C{_tag()[-5:]}", "seats": 45})  # one more car
    again = http("liaison").post(f"/delegation-visits/{v['id']}/request-logistics")
    assert again.status_code == 200, again.text
    assert again.json()["logistics"]["vehicles"] == "requested"
    assert again.json()["logistics"]["reception"] == "arranged"  # not asked twice
    booked = eventually(lambda: _logistics(http, v["id"]))
    assert booked["logistics"]["status"] == "arranged" and len(booked["logistics"]["vehicle_ids"]) == fleet + 1
    assert http("office").get("/receptions", params={"visit_id": v["id"]}).json()["total"] == 1
    # nothing to re-request once arranged
    assert http("liaison").post(f"/delegation-visits/{v['id']}/request-logistics").status_code == 409
    # cancelling releases everything at office
    http("liaison").post(f"/delegation-visits/{v['id']}/cancel")
    released = eventually(
        lambda: (
            (x := http("liaison").get(f"/delegation-visits/{v['id']}").json())["logistics"]["status"] == "released"
            and x
        )
    )
    assert released["logistics"]["vehicles"] == "released"


def test_manuscript_review_forbids_self_approval_and_the_feed_lists_what_is_published(http, system) -> None:
    # the author and the reviewer are the signed-in persons: their cadre ids come from their tokens
    author, reviewer = (
        httpx.Client(base_url=system.url("liaison"), timeout=10, auth=TokenAuth("liaison", cadre_id=cadre))
        for cadre in ("author-1", "rev-1")
    )
    title = f"湖南僑聯舉辦親情中華活動 {_tag()}"
    a = author.post("/articles", json={"kind": "news_release", "title": title, "body": "正文……"}).json()
    assert a["state"] == "draft"
    assert http("liaison").post(f"/articles/{a['id']}/publish").status_code == 409  # not reviewed
    assert http("liaison").post(f"/articles/{a['id']}/submit").json()["state"] == "submitted"
    own = author.post(f"/articles/{a['id']}/approve")
    assert own.status_code == 409 and "own" in own.json()["detail"]
    no_comment = reviewer.post(f"/articles/{a['id']}/return", json={"comments": ""})
    assert no_comment.status_code == 422 and no_comment.json()["errors"][0]["field"] == "comments"
    returned = reviewer.post(f"/articles/{a['id']}/return", json={"comments": "請補充活動日期"}).json()
    assert returned["state"] == "returned" and returned["review_comments"] == "請補充活動日期"
    assert http("liaison").patch(f"/articles/{a['id']}", json={"body": "正文，2027年5月10日"}).status_code == 200
    http("liaison").post(f"/articles/{a['id']}/submit")
    named = reviewer.post(f"/articles/{a['id']}/approve", json={"reviewer_cadre_id": "someone-else"})
    assert named.status_code == 422  # the reviewer is not taken from the body
    approved = reviewer.post(f"/articles/{a['id']}/approve").json()
    assert approved["reviewer_cadre_id"] == "rev-1" and a["author_cadre_id"] == "author-1"
    assert approved["state"] == "approved" and approved["allowed_commands"] == ["publish"]
    assert http("liaison").patch(f"/articles/{a['id']}", json={"title": "x"}).status_code == 409
    assert http("liaison").post(f"/articles/{a['id']}/publish").json()["state"] == "published"

    def feed_titles() -> list[str]:
        r = http("liaison").get("/articles/feed.atom")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
        root = ET.fromstring(r.content)
        assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}updated") is not None
        return [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]

    assert title in feed_titles()
    assert http("liaison").post(f"/articles/{a['id']}/withdraw").json()["state"] == "withdrawn"
    assert title not in feed_titles()
    mine = http("liaison").get("/articles", params={"author_cadre_id": "author-1", "state": "withdrawn"}).json()
    assert a["id"] in [x["id"] for x in mine["items"]]
    assert http("liaison").post("/articles", json={"kind": "poem", "title": "t", "body": "b"}).status_code == 422
    assert (
        http("liaison")
        .post("/articles", json={"kind": "news_release", "title": "t", "body": "b", "author_cadre_id": "a"})
        .status_code
        == 422
    )
    author.close()
    reviewer.close()


def test_interaction_log_filters_and_refuses_future_dates_and_unknown_contacts(http) -> None:
    assoc = (
        http("liaison")
        .post("/associations", json=_assoc(name_zh=f"日本湖南會{_tag()}", name_romanised=None, country="JP"))
        .json()
    )
    today = date.today()
    for kind, days in (("visit", 10), ("letter", 3), ("meeting", 1)):
        r = http("liaison").post(
            "/interactions",
            json={
                "contact_kind": "association",
                "contact_id": assoc["id"],
                "kind": kind,
                "occurred_on": (today - timedelta(days=days)).isoformat(),
                "staff_cadre_id": "cadre-9",
                "notes": "…",
            },
        )
        assert r.status_code == 201, r.text
    log = http("liaison").get("/interactions", params={"contact_id": assoc["id"]}).json()
    assert [i["kind"] for i in log["items"]] == ["meeting", "letter", "visit"]  # newest first
    recent = (
        http("liaison")
        .get(
            "/interactions",
            params={"contact_id": assoc["id"], "occurred_from": (today - timedelta(days=5)).isoformat(), "limit": 1},
        )
        .json()
    )
    assert recent["total"] == 2 and len(recent["items"]) == 1
    future = http("liaison").post(
        "/interactions",
        json={
            "contact_kind": "association",
            "contact_id": assoc["id"],
            "kind": "call",
            "occurred_on": (today + timedelta(days=2)).isoformat(),
            "staff_cadre_id": "cadre-9",
        },
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "occurred_on"
    unknown = http("liaison").post(
        "/interactions",
        json={
            "contact_kind": "person",
            "contact_id": assoc["id"],
            "kind": "call",
            "occurred_on": today.isoformat(),
            "staff_cadre_id": "cadre-9",
        },
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "contact_id"
    assert (
        http("liaison")
        .post(
            "/interactions",
            json={
                "contact_kind": "association",
                "contact_id": assoc["id"],
                "kind": "dinner",
                "occurred_on": today.isoformat(),
                "staff_cadre_id": "c",
            },
        )
        .status_code
        == 422
    )


# ---- study tours, training and festival invitations ----------------------------------------------


def test_a_full_programme_waitlists_and_a_withdrawal_moves_the_first_waiting_up(http) -> None:
    start = datetime.now(timezone(timedelta(hours=8))).date()  # running today, so check-in is open
    prog = (
        http("liaison")
        .post(
            "/programmes",
            json={
                "kind": "study_tour",
                "title": "海外華裔青少年尋根之旅",
                "starts_on": start.isoformat(),
                "ends_on": (start + timedelta(days=7)).isoformat(),
                "capacity": 2,
            },
        )
        .json()
    )
    base = f"/programmes/{prog['id']}/registrations"
    regs = []
    for name in ("張一", "張二", "張三", "張四"):
        r = http("liaison").post(base, json={"name": name, "country": "US"})
        assert r.status_code == 201 and r.json()["state"] == "pending"
        regs.append(r.json()["id"])
    assert http("liaison").post(base, json={"name": "張一", "country": "US"}).status_code == 409  # twice
    states = [http("liaison").post(f"{base}/{rid}/approve").json()["state"] for rid in regs]
    assert states == ["approved", "approved", "waitlisted", "waitlisted"]
    waiting = http("liaison").get(base, params={"state": "waitlisted"}).json()["items"]
    assert [(w["id"], w["waitlist_position"]) for w in waiting] == [(regs[2], 1), (regs[3], 2)]
    p = http("liaison").get(f"/programmes/{prog['id']}").json()
    assert (p["approved"], p["waitlisted"]) == (2, 2)

    assert http("liaison").post(f"{base}/{regs[0]}/withdraw").json()["state"] == "withdrawn"
    assert http("liaison").get(f"/registrations/{regs[2]}").json()["state"] == "approved"  # moved up
    assert http("liaison").get(f"/registrations/{regs[3]}").json()["waitlist_position"] is None

    assert http("liaison").post(f"{base}/{regs[1]}/check-in").json()["state"] == "checked_in"
    refused = http("liaison").post(f"{base}/{regs[3]}/check-in")  # still waiting
    assert refused.status_code == 409 and refused.json()["current_state"] == "waitlisted"
    assert http("liaison").post(f"{base}/{regs[1]}/check-in").status_code == 409  # once
    attendance = http("liaison").get(f"/programmes/{prog['id']}/attendance").json()
    assert [a["name"] for a in attendance["items"]] == ["張二"] and attendance["total"] == 1


def test_programmes_refuse_bad_input_and_early_check_in(http) -> None:
    start = date.today() + timedelta(days=30)
    bad = http("liaison").post(
        "/programmes",
        json={
            "kind": "training",
            "title": "x",
            "starts_on": start.isoformat(),
            "ends_on": (start - timedelta(days=1)).isoformat(),
            "capacity": 5,
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_on"
    zero = http("liaison").post(
        "/programmes",
        json={
            "kind": "training",
            "title": "x",
            "starts_on": start.isoformat(),
            "ends_on": start.isoformat(),
            "capacity": 0,
        },
    )
    assert zero.status_code == 422 and zero.json()["errors"][0]["field"] == "capacity"
    prog = (
        http("liaison")
        .post(
            "/programmes",
            json={
                "kind": "festival_invitation",
                "title": "張家界國際旅遊節",
                "starts_on": start.isoformat(),
                "ends_on": start.isoformat(),
                "capacity": 5,
            },
        )
        .json()
    )
    reg = http("liaison").post(f"/programmes/{prog['id']}/registrations", json={"name": "王五", "country": "FR"}).json()
    http("liaison").post(f"/programmes/{prog['id']}/registrations/{reg['id']}/approve")
    early = http("liaison").post(f"/programmes/{prog['id']}/registrations/{reg['id']}/check-in")
    assert early.status_code == 409
    assert http("liaison").post(f"/programmes/{prog['id']}/close").json()["state"] == "closed"
    late = http("liaison").post(f"/programmes/{prog['id']}/registrations", json={"name": "趙六", "country": "FR"})
    assert late.status_code == 409
    listed = http("liaison").get("/programmes", params={"kind": "festival_invitation", "state": "closed"}).json()
    assert prog["id"] in [p["id"] for p in listed["items"]]


# ---- cultural exchange, media, work plan --------------------------------------------------------


def test_exchange_bases_are_renewed_or_revoked_and_activities_are_recorded(http) -> None:
    b = http("liaison").post(
        "/exchange-bases",
        json={
            "name": "湖南華文教育基地",
            "location": "長沙",
            "accredited_on": "2025-01-01",
            "review_due_on": "2028-01-01",
        },
    )
    assert b.status_code == 201, b.text
    base = b.json()
    assert (
        http("liaison")
        .post(
            "/exchange-bases",
            json={"name": "x", "location": "y", "accredited_on": "2025-01-01", "review_due_on": "2024-01-01"},
        )
        .status_code
        == 422
    )
    no_date = http("liaison").post(
        f"/exchange-bases/{base['id']}/review", json={"reviewed_on": "2027-12-01", "outcome": "renewed"}
    )
    assert no_date.status_code == 422 and no_date.json()["errors"][0]["field"] == "next_review_on"
    renewed = (
        http("liaison")
        .post(
            f"/exchange-bases/{base['id']}/review",
            json={"reviewed_on": "2027-12-01", "outcome": "renewed", "next_review_on": "2030-12-01"},
        )
        .json()
    )
    assert renewed["review_due_on"] == "2030-12-01" and renewed["state"] == "accredited"
    due = http("liaison").get("/exchange-bases", params={"review_due_before": "2031-01-01", "limit": 500}).json()
    assert base["id"] in [x["id"] for x in due["items"]]
    revoked = (
        http("liaison")
        .post(f"/exchange-bases/{base['id']}/review", json={"reviewed_on": "2028-01-02", "outcome": "revoked"})
        .json()
    )
    assert revoked["state"] == "revoked" and revoked["review_due_on"] is None
    assert (
        http("liaison")
        .post(f"/exchange-bases/{base['id']}/review", json={"reviewed_on": "2028-02-01", "outcome": "revoked"})
        .status_code
        == 409
    )

    act = http("liaison").post(
        "/exchange-activities",
        json={
            "title": "親情中華·為你而歌",
            "kind": "performance_tour",
            "country": "MY",
            "held_on": (date.today() - timedelta(days=3)).isoformat(),
            "participants": 800,
            "base_id": base["id"],
        },
    )
    assert act.status_code == 201, act.text
    found = http("liaison").get("/exchange-activities", params={"base_id": base["id"]}).json()
    assert [a["id"] for a in found["items"]] == [act.json()["id"]]
    future = http("liaison").post(
        "/exchange-activities",
        json={
            "title": "x",
            "kind": "summer_camp",
            "held_on": (date.today() + timedelta(days=5)).isoformat(),
            "participants": 1,
        },
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "held_on"


def test_media_outlets_count_the_coverage_they_produced(http) -> None:
    o = http("liaison").post(
        "/media-outlets",
        json={
            "name": "星洲日報",
            "kind": "newspaper",
            "country": "MY",
            "contact_name": "記者甲",
            "contact_phone": "+60 3 1234 5678",
        },
    )
    assert o.status_code == 201, o.text
    outlet = o.json()
    for days in (1, 2):
        c = http("liaison").post(
            f"/media-outlets/{outlet['id']}/coverage",
            json={
                "title": "湖南僑聯代表團訪馬",
                "published_on": (date.today() - timedelta(days=days)).isoformat(),
                "url": "https://www.sinchew.com.my/news/1",
            },
        )
        assert c.status_code == 201, c.text
    assert http("liaison").get(f"/media-outlets/{outlet['id']}").json()["coverage"] == 2
    listed = http("liaison").get("/media-coverage", params={"outlet_id": outlet["id"], "limit": 1}).json()
    assert listed["total"] == 2 and len(listed["items"]) == 1
    assert (
        http("liaison")
        .post(
            f"/media-outlets/{outlet['id']}/coverage",
            json={"title": "x", "published_on": "2026-01-01", "url": "not a url"},
        )
        .status_code
        == 422
    )
    assert (
        http("liaison")
        .post("/media-outlets/nope/coverage", json={"title": "x", "published_on": "2026-01-01"})
        .status_code
        == 404
    )
    assert (
        http("liaison").post("/media-outlets", json={"name": "x", "kind": "blog", "country": "MY"}).status_code == 422
    )


def test_work_plan_is_approved_then_its_items_completed(http) -> None:
    year = 2090 + int(_tag()) % 10
    while http("liaison").get("/work-plans", params={"year": year}).json()["total"]:
        year -= 10
    plan = http("liaison").post("/work-plans", json={"year": year, "title": f"{year}年外事工作計劃"}).json()
    assert http("liaison").post("/work-plans", json={"year": year, "title": "again"}).status_code == 409
    assert (
        http("liaison").post(f"/work-plans/{plan['id']}/approve", json={"approved_on": f"{year}-01-05"}).status_code
        == 409
    )  # no items
    wrong = http("liaison").post(f"/work-plans/{plan['id']}/items", json={"title": "x", "due_on": "2020-01-01"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "due_on"
    items = [
        http("liaison").post(f"/work-plans/{plan['id']}/items", json={"title": t, "due_on": f"{year}-06-30"}).json()
        for t in ("組團訪問東南亞社團", "接待北美僑領回湘", "舉辦海外僑胞座談會")
    ]
    early = http("liaison").post(
        f"/work-plans/{plan['id']}/items/{items[0]['id']}/complete", json={"completed_on": f"{year}-03-01"}
    )
    assert early.status_code == 409  # not approved yet
    approved = http("liaison").post(f"/work-plans/{plan['id']}/approve", json={"approved_on": f"{year}-01-05"}).json()
    assert approved["state"] == "approved" and approved["items"] == 3
    assert http("liaison").post(f"/work-plans/{plan['id']}/items", json={"title": "late"}).status_code == 409
    http("liaison").post(
        f"/work-plans/{plan['id']}/items/{items[0]['id']}/complete", json={"completed_on": f"{year}-03-01"}
    )
    http("liaison").post(f"/work-plans/{plan['id']}/items/{items[1]['id']}/drop", json={"note": "疫情取消"})
    progress = http("liaison").get(f"/work-plans/{plan['id']}").json()
    assert (progress["done"], progress["dropped"], progress["completion"]) == (1, 1, 0.5)
    assert (
        http("liaison")
        .post(f"/work-plans/{plan['id']}/items/{items[0]['id']}/complete", json={"completed_on": f"{year}-03-02"})
        .status_code
        == 409
    )
    overdue = http("liaison").get(f"/work-plans/{plan['id']}/items", params={"overdue_on": f"{year}-07-01"}).json()
    assert [i["id"] for i in overdue["items"]] == [items[2]["id"]]
