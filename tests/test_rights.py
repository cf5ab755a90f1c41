"""Petitions (信訪) through HTTP with all four services running: intake, the first decision, matters
transferred in, handling with one extension, review and re-review with a paused clock, finality,
repeats, personal data, the deadline scheduler and office's supervision board, statistics.

Dates are real 2025/2026 dates on the State Council's holiday calendar, or dated back from today
where the scheduler's sweeps would act on a date long past.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import httpx
import pytest

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.testing import TokenAuth
from qiaolian_contracts.calendar import default_calendar

from .conftest import eventually, start_system

pytestmark = pytest.mark.system


@pytest.fixture(scope="module")
def rights_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], httpx.Client]]:
    """Its own system, with the deadline scheduler ticking every half second instead of every minute."""
    launcher = start_system(tmp_path_factory.mktemp("rights"), QIAOLIAN_SCHEDULER_INTERVAL_S="0.5")
    clients = {s: httpx.Client(base_url=launcher.url(s), timeout=10, auth=TokenAuth(s)) for s in launcher.services}
    try:
        yield clients.__getitem__
    finally:
        for c in clients.values():
            c.close()
        launcher.stop()


WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number() -> str:
    """A fresh valid resident ID number (Changsha, a random birth date and sequence)."""
    body = (
        f"430102{random.randint(1950, 2000)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
        f"{random.randint(0, 999):03d}"
    )
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def region() -> str:
    return f"t{random.randint(0, 10**9)}"


def petition(**kw: object) -> dict:
    return {
        "channel": "letter",
        "petitioner": {"name": "李華", "status": "returnee"},
        "petition_class": "claim",
        "category": "property",
        "summary": "祖屋被佔用，請求協調",
        "received_on": "2026-01-05",
        **kw,
    }


def file(http: Callable[[str], httpx.Client], **kw: object) -> dict:
    r = http("rights").post("/petitions", json=petition(**kw))
    assert r.status_code == 201, r.text
    return r.json()


def cmd(
    http: Callable[[str], httpx.Client], pid: str, action: str, body: dict | None = None, status: int = 200
) -> dict:
    r = http("rights").post(f"/petitions/{pid}/{action}", json=body or {})
    assert r.status_code == status, r.text
    return r.json()


def board(http: Callable[[str], httpx.Client], pid: str, state: str = "open") -> dict[str, dict]:
    items = (
        http("office")
        .get("/supervision/items", params={"office": "rights", "state": state, "limit": 500})
        .json()["items"]
    )
    return {i["kind"]: i for i in items if i["source_id"] == pid}


# ---- intake -------------------------------------------------------------------------------------


def test_a_group_visit_sends_at_most_five_representatives(rights_system) -> None:
    http = rights_system
    five = [f"代表{i}" for i in range(5)]
    ok = file(http, channel="visit", representatives=five)
    assert ok["representatives"] == five
    r = http("rights").post("/petitions", json=petition(channel="visit", representatives=[*five, "代表5"]))
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"field": "representatives", "reason": "a group visit sends at most 5 representatives"}
    ]


def test_id_numbers_are_checked_masked_and_find_a_returning_petitioner(rights_system) -> None:
    http = rights_system
    number = id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    r = http("rights").post(
        "/petitions", json=petition(petitioner={"name": "王明", "status": "relative", "id_number": wrong})
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "petitioner.id_number", "reason": "the check digit does not match"}]
    assert wrong not in r.text

    p = file(
        http,
        petitioner={
            "name": "王明",
            "status": "relative",
            "id_number": number,
            "phone": "13800138000",
            "address": "長沙市芙蓉區",
        },
        category=region(),
    )
    assert p["petitioner"]["id_number"] == number[:3] + "*" * 13 + number[-2:]  # ACCESS.md: first 3, last 2
    for text in (
        json.dumps(p),
        http("rights").get(f"/petitions/{p['id']}").text,
        http("rights").get("/petitions", params={"limit": 500}).text,
    ):
        assert number not in text
    found = http("rights").post("/petitioners/lookup", json={"id_number": number.lower()})
    assert found.status_code == 200 and [f["id"] for f in found.json()] == [p["id"]]
    assert number not in found.text


def test_a_repeat_on_an_open_matter_is_linked_not_opened_twice(rights_system) -> None:
    http = rights_system
    who = {"name": "陳芳", "status": "overseas_chinese", "id_number": id_number()}
    cat = region()
    first = file(http, petitioner=who, category=cat)
    again = file(http, petitioner=who, category=cat, channel="phone", received_on="2026-01-09")
    assert again["state"] == "linked" and again["repeat_of"] == first["id"]
    assert again["allowed_commands"] == ["unlink_repeat"]  # staff may undo a wrong match, nothing else
    assert http("rights").get("/petitions", params={"repeat_of": first["id"]}).json()["total"] == 1
    # another matter of the same petitioner is a new petition
    other = file(http, petitioner=who, category=region())
    assert other["state"] == "filed" and other["repeat_of"] is None
    # the repeat opens no deadline and no supervision item
    assert http("rights").get(f"/petitions/{again['id']}/deadlines").json() == []
    eventually(lambda: board(http, first["id"]))
    assert board(http, again["id"]) == {}


# ---- the first decision -------------------------------------------------------------------------


def test_first_decisions_route_not_accept_transfer_assign_and_the_written_notice(rights_system) -> None:
    http = rights_system
    routed = file(http, received_on="2025-09-20")
    assert routed["first_decision_due"] == "2025-10-09"  # 10-05 falls in the 2025 National Day holiday
    out = cmd(http, routed["id"], "route", {"decided_on": "2025-09-25", "organ": "長沙市自然資源和規劃局"})
    assert out["state"] == "routed" and out["decision_organ"] == "長沙市自然資源和規劃局"
    assert "record_notice" in out["allowed_commands"]
    # the written notice is a deadline of its own on office's board, beside the first decision
    assert routed["notice_due"] == "2025-10-09"
    assert eventually(lambda: board(http, routed["id"]).get("petition_notice", {}).get("due_on") == "2025-10-09")
    noticed = cmd(http, routed["id"], "notice", {"sent_on": "2025-09-26"})
    assert noticed["notice_sent_on"] == "2025-09-26" and "record_notice" not in noticed["allowed_commands"]
    eventually(lambda: "petition_notice" in board(http, routed["id"], "closed"))
    twice = cmd(http, routed["id"], "notice", {"sent_on": "2025-09-27"}, status=409)
    assert twice["current_state"] == "routed"

    refused = file(http)
    out = cmd(http, refused["id"], "not-accept", {"decided_on": "2026-01-08", "reason": "不屬於信訪事項"})
    assert out["state"] == "not_accepted" and out["decision_reason"] == "不屬於信訪事項"
    assert cmd(http, refused["id"], "notice", {"waived": "address_unknown"})["notice_waived"] == "address_unknown"

    for action in ("transfer", "assign"):
        p = file(http)
        r = http("rights").post(
            f"/petitions/{p['id']}/{action}",
            json={"decided_on": "2026-01-08", "organ": "長沙市僑聯", "feedback_due": "2026-01-07"},
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "feedback_due"
        out = cmd(
            http, p["id"], action, {"decided_on": "2026-01-08", "organ": "長沙市僑聯", "feedback_due": "2026-02-27"}
        )
        assert out["state"] == {"transfer": "transferred", "assign": "assigned"}[action]
        assert out["feedback_due"] == "2026-02-27"
        items = eventually(lambda p=p: board(http, p["id"]).get("petition_feedback"))
        assert items["due_on"] == "2026-02-27"
        done = cmd(http, p["id"], "feedback", {"received_on": "2026-02-20"})
        assert done["state"] == "closed"
        eventually(lambda p=p: "petition_feedback" in board(http, p["id"], "closed"))


def test_an_impossible_command_is_409_with_the_current_state_and_the_allowed_ones(rights_system) -> None:
    http = rights_system
    p = file(http)
    body = cmd(http, p["id"], "opinion", {"opinion": "support"}, status=409)
    assert body["current_state"] == "filed"
    assert body["allowed_commands"] == p["allowed_commands"]
    assert {"accept", "not_accept", "route", "transfer", "assign"} <= set(body["allowed_commands"])
    assert http("rights").post("/petitions/nope/accept", json={}).status_code == 404


# ---- matters transferred in ---------------------------------------------------------------------


def test_a_matter_transferred_in_is_objected_to_within_5_working_days(rights_system) -> None:
    http = rights_system
    # received Mon 2026-09-28: 09-29, 09-30, (National Day 10-01..07) 10-08, 10-09 and make-up Saturday 10-10
    p = file(http, received_on="2026-09-28", transferred_from="湖南省信訪局")
    assert p["state"] == "received_by_transfer"
    assert (p["acknowledge_due"], p["objection_due"]) == ("2026-10-13", "2026-10-10")
    late = http("rights").post(
        f"/petitions/{p['id']}/object", json={"objected_on": "2026-10-12", "reasons": "非僑務事項"}
    )
    assert late.status_code == 422
    assert late.json()["errors"] == [
        {"field": "objected_on", "reason": "the 5-working-day objection window closed on 2026-10-10"}
    ]
    out = cmd(http, p["id"], "object", {"objected_on": "2026-10-10", "reasons": "非僑務事項"})
    assert out["state"] == "objected"
    deadlines = {d["deadline"]: d for d in http("rights").get(f"/petitions/{p['id']}/deadlines").json()}
    assert deadlines["transfer_objection"]["state"] == "met"
    assert deadlines["transfer_acknowledgement"]["state"] == "cancelled"

    q = file(http, received_on="2026-09-28", transferred_from="湖南省信訪局")
    out = cmd(http, q["id"], "acknowledge", {"acknowledged_on": "2026-10-09"})
    assert out["state"] == "accepted" and out["handling_due"] == "2026-12-08"
    assert cmd(http, q["id"], "object", {"reasons": "x"}, status=409)["current_state"] == "accepted"


# ---- handling, review, re-review, finality ------------------------------------------------------


def test_one_extension_by_the_signed_in_head_only_before_the_handling_deadline(rights_system) -> None:
    http = rights_system
    today = date.today()
    p = file(http, received_on=(today - timedelta(days=10)).isoformat())
    cmd(http, p["id"], "accept", {"accepted_on": (today - timedelta(days=10)).isoformat()})
    too_long = http("rights").post(f"/petitions/{p['id']}/extend", json={"days": 31, "reason": "需實地調查"})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "days"
    out = cmd(http, p["id"], "extend", {"days": 30, "reason": "需實地調查"})
    assert out["handling_due"] == default_calendar().calendar_deadline(today - timedelta(days=10), 90).isoformat()
    assert out["extension_approved_by"] == "test-account" and out["extension_reason"] == "需實地調查"
    assert cmd(http, p["id"], "extend", {"days": 5, "reason": "再延"}, status=409)["current_state"] == "accepted"
    assert eventually(lambda: board(http, p["id"]).get("petition_handling", {}).get("due_on") == out["handling_due"])
    # a handling deadline already passed is not extended afterwards
    late = file(http, received_on=(today - timedelta(days=80)).isoformat())
    out = cmd(http, late["id"], "accept", {"accepted_on": (today - timedelta(days=80)).isoformat()})
    assert out["handling_due"] < today.isoformat()
    refused = cmd(http, late["id"], "extend", {"days": 30, "reason": "補辦"}, status=409)
    assert refused["current_state"] == "accepted" and refused["handling_due"] == out["handling_due"]


def test_a_petition_from_acceptance_to_a_final_re_review(rights_system) -> None:
    """Dated back from today, so that no review window has lapsed by the real date: the scheduler's
    sweep closes a petition whose window ended unused (the fixed-date arithmetic is in the unit tests)."""
    http = rights_system
    cal = default_calendar()
    d0 = datetime.now(CHINA).date()

    def ago(days: int) -> str:
        return (d0 - timedelta(days=days)).isoformat()

    who = {"name": "趙敏", "status": "returnee", "id_number": id_number()}
    cat = region()
    p = file(http, petitioner=who, category=cat, received_on=ago(80))
    pid = p["id"]
    out = cmd(http, pid, "accept", {"accepted_on": ago(79)})
    assert out["handling_due"] == cal.calendar_deadline(d0 - timedelta(days=79), 60).isoformat()
    cmd(http, pid, "notice", {"sent_on": ago(78)})
    cmd(http, pid, "opinion", {"opinion": "explain", "issued_on": ago(32)})
    out = cmd(http, pid, "deliver-opinion", {"delivered_on": ago(29)})
    assert out["state"] == "opinion_delivered"
    # a review is requested within 30 days of delivery (a request after the window: the unit tests)
    window_end = cal.calendar_deadline(d0 - timedelta(days=29), 30).isoformat()
    assert out["review_request_until"] == window_end
    ahead = http("rights").post(f"/petitions/{pid}/review-request", json={"requested_on": ago(-1)})
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["reason"] == "cannot be in the future"
    out = cmd(http, pid, "review-request", {"requested_on": ago(28)})
    assert out["review_due"] == cal.calendar_deadline(d0 - timedelta(days=28), 30).isoformat()
    cmd(http, pid, "review-decision", {"opinion": "not_support", "decided_on": ago(27)})
    cmd(http, pid, "deliver-review-opinion", {"delivered_on": ago(26)})  # the re-review window opens
    out = cmd(http, pid, "rereview-request", {"requested_on": ago(25)})
    requested = d0 - timedelta(days=25)
    assert out["rereview_due"] == cal.calendar_deadline(requested, 30).isoformat()
    # the hearing's ten days are not counted
    out = cmd(http, pid, "hearing-start", {"on": ago(20)})
    assert out["state"] == "rereview_hearing" and out["allowed_commands"] == ["assign_handler", "end_hearing"]
    paused = {d["deadline"]: d for d in http("rights").get(f"/petitions/{pid}/deadlines").json()}
    assert paused["rereview"]["state"] == "paused"
    out = cmd(http, pid, "hearing-end", {"on": ago(10)})
    moved = cal.calendar_deadline(requested, 40).isoformat()
    assert out["rereview_due"] == moved and out["hearing_days"] == 10
    assert eventually(lambda: board(http, pid).get("petition_rereview", {}).get("due_on") == moved)
    out = cmd(http, pid, "rereview-decision", {"opinion": "not_support", "decided_on": ago(5)})
    assert out["state"] == "finalized"
    assert out["allowed_commands"] == ["deliver_rereview_opinion", "record_satisfaction"]

    # every deadline of the petition was met, on time, and office's board has nothing open for it
    deadlines = http("rights").get(f"/petitions/{pid}/deadlines").json()
    assert {d["deadline"]: d["state"] for d in deadlines} == {
        "first_decision": "met",
        "notice": "met",
        "handling": "met",
        "review": "met",
        "rereview": "met",
    }
    eventually(
        lambda: (
            board(http, pid, "closed").keys()
            >= {
                "petition_first_decision",
                "petition_notice",
                "petition_handling",
                "petition_review",
                "petition_rereview",
            }
        )
    )
    assert board(http, pid) == {}

    # the matter is final: the same petitioner's new petition on it is refused with a reference
    r = http("rights").post("/petitions", json=petition(petitioner=who, category=cat, received_on=ago(0)))
    assert r.status_code == 409
    assert r.json()["final_petition_id"] == pid and r.json()["finalized_on"] == ago(5)

    out = cmd(http, pid, "satisfaction", {"satisfaction": "basically_satisfied", "recorded_on": ago(0)})
    assert out["satisfaction"] == "basically_satisfied"
    assert cmd(http, pid, "satisfaction", {"satisfaction": "satisfied"}, status=409)["current_state"] == "finalized"


# ---- the deadline scheduler and office's supervision board --------------------------------------


def test_an_overdue_deadline_is_published_once_and_shown_on_office_board(rights_system) -> None:
    http = rights_system
    p = file(http, received_on="2026-01-05", transferred_from="湖南省信訪局")
    # nobody acknowledged within 15 days: the scheduler publishes overdue; the objection window just closes

    def published() -> dict | None:
        ds = {d["deadline"]: d for d in http("rights").get(f"/petitions/{p['id']}/deadlines").json()}
        return ds if ds["transfer_acknowledgement"]["overdue_published"] else None

    ds = eventually(published)
    assert ds["transfer_acknowledgement"]["due_on"] == "2026-01-20"
    item = eventually(lambda: board(http, p["id"]).get("petition_transfer_acknowledgement"))
    assert item["overdue"] is True and item["due_on"] == "2026-01-20"
    assert "petition_transfer_objection" not in board(http, p["id"])  # a right, not a duty
    assert ds["transfer_objection"]["overdue_published"] is False
    # acknowledging meets it late: the board closes the item
    cmd(http, p["id"], "acknowledge", {"acknowledged_on": "2026-01-26"})
    eventually(lambda: "petition_transfer_acknowledgement" in board(http, p["id"], "closed"))


# ---- statistics ---------------------------------------------------------------------------------


def test_statistics_by_class_category_channel_region_month_with_on_time_rates(rights_system) -> None:
    http = rights_system
    where = region()
    a = file(http, region=where, received_on="2026-01-05")
    b = file(http, region=where, received_on="2026-02-02", channel="online", petition_class="proposal")
    file(http, region=where, received_on="2026-02-03", channel="phone", category="education")
    cmd(http, a["id"], "accept", {"accepted_on": "2026-01-10"})  # on time (due 01-20)
    cmd(http, b["id"], "accept", {"accepted_on": "2026-03-02"})  # late (due 02-24)
    r = http("rights").get("/petitions/stats", params={"region": where})
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["total"] == 3
    assert s["by_class"] == {"claim": 2, "proposal": 1}
    assert s["by_channel"] == {"letter": 1, "online": 1, "phone": 1}
    assert s["by_category"] == {"education": 1, "property": 2}
    assert s["by_region"] == {where: 3}
    assert s["by_month"] == {"2026-01": 1, "2026-02": 2}
    first = s["deadlines"]["first_decision"]
    assert (first["on_time"], first["late"], first["overdue"]) == (1, 1, 1)
    assert first["on_time_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["deadlines"]["handling"]["overdue"] == 2  # both 60-day periods ended in 2026 with no opinion
    assert s["deadlines"]["review"]["on_time_rate"] is None
    month = http("rights").get("/petitions/stats", params={"region": where, "received_from": "2026-02-01"}).json()
    assert month["total"] == 2


# ---- consultations ------------------------------------------------------------------------------


def test_a_consultation_is_answered_once(rights_system) -> None:
    http = rights_system
    topic = region()
    r = http("rights").post(
        "/consultations",
        json={
            "channel": "phone",
            "kind": "legal",
            "topic": topic,
            "question": "歸僑子女升學有何優待政策？",
            "received_on": "2026-03-02",
            "asker_name": "林先生",
            "asker_status": "relative",
        },
    )
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["state"] == "open" and c["allowed_commands"] == ["answer"]
    early = http("rights").post(f"/consultations/{c['id']}/answer", json={"answer": "…", "answered_on": "2026-03-01"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "answered_on"
    done = http("rights").post(
        f"/consultations/{c['id']}/answer",
        json={"answer": "可享受中考加分政策，詳見湘教發文件。", "answered_on": "2026-03-02"},
    )
    assert done.status_code == 200 and done.json()["state"] == "answered"
    again = http("rights").post(f"/consultations/{c['id']}/answer", json={"answer": "again"})
    assert again.status_code == 409
    assert again.json()["current_state"] == "answered" and again.json()["allowed_commands"] == []
    listed = http("rights").get("/consultations", params={"topic": topic, "state": "answered"}).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == c["id"]
    bad = http("rights").post(
        "/consultations", json={"channel": "fax", "kind": "legal", "topic": topic, "question": "q"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "channel"


# ---- mediation ----------------------------------------------------------------------------------


def test_a_dispute_is_referred_fails_mediation_and_is_settled_in_court(rights_system) -> None:
    http = rights_system
    p = file(http)
    r = http("rights").post(
        "/disputes",
        json={"category": "property", "parties": ["李華", "張強"], "facts": "祖屋產權爭議", "petition_id": p["id"]},
    )
    assert r.status_code == 201, r.text
    d = r.json()
    assert d["state"] == "open" and d["allowed_commands"] == ["refer"]
    assert http("rights").post(f"/disputes/{d['id']}/settle", json={}).json()["current_state"] == "open"
    out = (
        http("rights")
        .post(
            f"/disputes/{d['id']}/refer",
            json={"forum": "mediation_body", "forum_name": "芙蓉區人民調解委員會", "referred_on": "2026-03-02"},
        )
        .json()
    )
    assert out["state"] == "referred" and set(out["allowed_commands"]) == {"record_failure", "settle"}
    early = http("rights").post(f"/disputes/{d['id']}/fail", json={"on": "2026-03-01"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "on"
    assert (
        http("rights").post(f"/disputes/{d['id']}/fail", json={"on": "2026-03-20"}).json()["state"]
        == "mediation_failed"
    )
    out = (
        http("rights")
        .post(
            f"/disputes/{d['id']}/refer",
            json={"forum": "court", "forum_name": "長沙市芙蓉區人民法院", "referred_on": "2026-03-25"},
        )
        .json()
    )
    assert out["referrals"] == 2 and out["forum"] == "court"
    out = http("rights").post(f"/disputes/{d['id']}/settle", json={"on": "2026-04-10", "note": "訴前調解成功"}).json()
    assert out["state"] == "settled" and out["allowed_commands"] == []
    assert http("rights").get("/disputes", params={"petition_id": p["id"]}).json()["total"] == 1
    one_party = http("rights").post("/disputes", json={"category": "property", "parties": ["李華"], "facts": "x"})
    assert one_party.status_code == 422 and one_party.json()["errors"][0]["field"] == "parties"


# ---- the counsel roster -------------------------------------------------------------------------


def test_the_counsel_roster_with_terms_renewals_and_early_ends(rights_system) -> None:
    http = rights_system
    today = date.today()
    r = http("rights").post(
        "/counsel",
        json={
            "name": "周律師",
            "role": "public_service_lawyer",
            "organisation": "湖南湘僑律師事務所",
            "term_from": "2025-01-01",
            "term_to": "2025-12-31",
        },
    )
    assert r.status_code == 201, r.text
    past = r.json()
    assert past["state"] == "ended" and past["allowed_commands"] == []
    assert http("rights").post(f"/counsel/{past['id']}/renew", json={"term_to": "2030-12-31"}).status_code == 409

    soon = (
        http("rights")
        .post(
            "/counsel",
            json={
                "name": "吳調解員",
                "role": "mediator",
                "term_from": "2026-01-01",
                "term_to": (today + timedelta(days=10)).isoformat(),
            },
        )
        .json()
    )
    assert soon["state"] == "serving" and soon["allowed_commands"] == ["end", "renew"]
    ending = http("rights").get("/counsel", params={"ending_within": 30, "role": "mediator", "limit": 500}).json()
    assert soon["id"] in [c["id"] for c in ending["items"]]
    shorter = http("rights").post(f"/counsel/{soon['id']}/renew", json={"term_to": "2026-01-02"})
    assert shorter.status_code == 422 and shorter.json()["errors"][0]["field"] == "term_to"
    renewed = (
        http("rights")
        .post(f"/counsel/{soon['id']}/renew", json={"term_to": (today + timedelta(days=400)).isoformat()})
        .json()
    )
    assert renewed["term_to"] == (today + timedelta(days=400)).isoformat()
    ended = http("rights").post(f"/counsel/{soon['id']}/end", json={"ended_on": today.isoformat()}).json()
    assert ended["state"] == "ended" and ended["ended_on"] == today.isoformat()
    assert http("rights").post(f"/counsel/{soon['id']}/end", json={}).json()["current_state"] == "ended"
    serving = http("rights").get("/counsel", params={"serving_on": "2025-06-01", "limit": 500}).json()
    assert past["id"] in [c["id"] for c in serving["items"]]
    bad = http("rights").post(
        "/counsel", json={"name": "x", "role": "mediator", "term_from": "2026-02-01", "term_to": "2026-01-01"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "term_to"


# ---- hardship assistance ------------------------------------------------------------------------


def test_assistance_is_checked_approved_within_the_budget_and_paid(rights_system) -> None:
    http = rights_system
    r = http("rights").put("/assistance/budgets/2025", json={"amount_yuan": 3000})
    assert r.status_code == 200 and r.json()["remaining_yuan"] == 3000

    def apply(amount: int) -> dict:
        r = http("rights").post(
            "/assistance/applications",
            json={
                "applicant_name": "黃阿婆",
                "applicant_status": "returnee",
                "region": "changsha",
                "hardship": "年老多病，生活困難",
                "requested_yuan": amount,
                "applied_on": "2025-11-03",
            },
        )
        assert r.status_code == 201, r.text
        return r.json()

    a, b = apply(2000), apply(1500)
    assert a["state"] == "applied" and set(a["allowed_commands"]) == {"check", "reject"}
    early = http("rights").post(f"/assistance/applications/{a['id']}/approve", json={"amount_yuan": 2000})
    assert early.status_code == 409 and early.json()["current_state"] == "applied"
    for x in (a, b):
        ok = http("rights").post(
            f"/assistance/applications/{x['id']}/check", json={"note": "走訪核實", "on": "2025-11-05"}
        )
        assert ok.status_code == 200 and ok.json()["state"] == "checked"
    more = http("rights").post(f"/assistance/applications/{a['id']}/approve", json={"amount_yuan": 2500})
    assert more.status_code == 422 and more.json()["errors"][0]["field"] == "amount_yuan"
    assert (
        http("rights").post(f"/assistance/applications/{a['id']}/approve", json={"amount_yuan": 2000}).json()["state"]
        == "approved"
    )
    over = http("rights").post(f"/assistance/applications/{b['id']}/approve", json={"amount_yuan": 1500})
    assert over.status_code == 409 and over.json()["remaining_yuan"] == 1000
    assert (
        http("rights")
        .post(f"/assistance/applications/{b['id']}/approve", json={"amount_yuan": 1000})
        .json()["approved_yuan"]
        == 1000
    )
    assert http("rights").get("/assistance/budgets/2025").json() == {
        "year": 2025,
        "amount_yuan": 3000,
        "approved_yuan": 3000,
        "remaining_yuan": 0,
    }
    lower = http("rights").put("/assistance/budgets/2025", json={"amount_yuan": 2000})
    assert lower.status_code == 409
    paid = http("rights").post(f"/assistance/applications/{a['id']}/disburse", json={}).json()
    assert paid["state"] == "disbursed" and paid["allowed_commands"] == []
    assert (
        http("rights").post(f"/assistance/applications/{a['id']}/reject", json={"reason": "x"}).json()["current_state"]
        == "disbursed"
    )
    listed = http("rights").get("/assistance/applications", params={"year": 2025, "state": "approved"}).json()
    assert [x["id"] for x in listed["items"]] == [b["id"]]
    assert http("rights").get("/assistance/budgets/2024").status_code == 404


# ---- legal publicity and implementation supervision ---------------------------------------------


def test_publicity_sessions_and_implementation_issues_until_rectified(rights_system) -> None:
    http = rights_system
    where = region()
    r = http("rights").post(
        "/outreach-sessions",
        json={"title": "《歸僑僑眷權益保護法》進社區", "region": where, "held_on": "2026-05-12", "audience": 120},
    )
    assert r.status_code == 201, r.text
    assert http("rights").get("/outreach-sessions", params={"region": where}).json()["total"] == 1
    future = http("rights").post(
        "/outreach-sessions", json={"title": "x", "region": where, "held_on": "2099-01-01", "audience": 1}
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "held_on"

    issue = (
        http("rights")
        .post(
            "/enforcement-issues",
            json={
                "region": where,
                "law_area": "education",
                "responsible_body": "某區教育局",
                "description": "歸僑子女入學照顧政策未落實",
                "found_on": "2026-05-12",
            },
        )
        .json()
    )
    assert issue["state"] == "open" and issue["allowed_commands"] == ["rectify"]
    early = http("rights").post(
        f"/enforcement-issues/{issue['id']}/rectify", json={"rectification": "已落實", "rectified_on": "2026-05-01"}
    )
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "rectified_on"
    done = (
        http("rights")
        .post(
            f"/enforcement-issues/{issue['id']}/rectify", json={"rectification": "已落實", "rectified_on": "2026-06-30"}
        )
        .json()
    )
    assert done["state"] == "rectified" and done["rectified_on"] == "2026-06-30"
    again = http("rights").post(f"/enforcement-issues/{issue['id']}/rectify", json={"rectification": "再"})
    assert again.status_code == 409 and again.json()["current_state"] == "rectified"
    assert http("rights").get("/enforcement-issues", params={"region": where, "state": "open"}).json()["total"] == 0
