"""liaison's access through HTTP with the tokens of different people: persons' contact details and
interaction notes for liaison's staff and the leaders only, and every read of them in the audit log an
auditor reads; published articles for everyone, drafts for liaison; nobody approves their own article."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest

from qiaolian_chassis.testing import TokenAuth

pytestmark = pytest.mark.system


@pytest.fixture
def as_(system) -> Iterator:
    clients: list[httpx.Client] = []

    def client(*roles: str, **claims: str) -> httpx.Client:
        c = httpx.Client(base_url=system.url("liaison"), timeout=10, auth=TokenAuth("liaison", set(roles), **claims))
        clients.append(c)
        return c

    yield client
    for c in clients:
        c.close()


def _tag() -> str:
    return f"{time.monotonic_ns() % 10**9}"


def _person(clerk: httpx.Client) -> dict:
    tag = _tag()
    r = clerk.post(
        "/persons",
        json={
            "name_zh": f"黃{tag}",
            "family_name": f"Wong{tag}",
            "given_name": "Mei",
            "country": "SG",
            "field": "business",
            "phone": "+65 6123 4567",
            "email": "wong@example.sg",
            "address": "10 Orchard Road",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def _audit(as_, record_id: str) -> list[dict]:
    r = as_("auditor").get("/audit", params={"record_id": record_id})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_contact_details_are_for_liaison_and_leaders_and_each_read_is_audited(as_) -> None:
    clerk = as_("liaison.clerk", account_id="acc-clerk", cadre_id="c-clerk")
    p = _person(clerk)
    leader = as_("leader", account_id="acc-leader")
    shown = leader.get(f"/persons/{p['id']}").json()
    assert (shown["phone"], shown["email"], shown["address"]) == ("+65 6123 4567", "wong@example.sg", "10 Orchard Road")
    listed = clerk.get("/persons", params={"country": "SG", "limit": 500}).json()["items"]
    assert next(x for x in listed if x["id"] == p["id"])["phone"] == "+65 6123 4567"
    for role in ("rights.clerk", "office.head", "personnel.clerk", "discipline", "auditor"):
        for path in (f"/persons/{p['id']}", "/persons", "/interactions"):
            r = as_(role).get(path)
            assert r.status_code == 403 and "liaison.read" in r.json()["detail"], (role, path, r.text)
    rows = _audit(as_, p["id"])
    reads = [(r["account_id"], r["action"], r["fields"]) for r in rows if r["fields"]]
    assert ("acc-leader", "GET /persons/{person_id}", ["address", "email", "phone"]) in reads
    assert ("acc-clerk", "GET /persons", ["address", "email", "phone"]) in reads
    assert any(r["account_id"] == "acc-clerk" and r["action"] == "POST /persons" for r in rows)  # the command
    assert as_("liaison.head").get("/audit").status_code == 403


def test_interaction_notes_are_audited_when_read(as_) -> None:
    clerk = as_("liaison.clerk", account_id="acc-clerk2")
    p = _person(clerk)
    logged = clerk.post(
        "/interactions",
        json={
            "contact_kind": "person",
            "contact_id": p["id"],
            "kind": "call",
            "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
            "staff_cadre_id": "c-clerk2",
            "notes": "談及回湘投資意向",
        },
    ).json()
    leader = as_("leader", account_id="acc-leader2")
    assert leader.get(f"/interactions/{logged['id']}").json()["notes"] == "談及回湘投資意向"
    assert [i["notes"] for i in leader.get("/interactions", params={"contact_id": p["id"]}).json()["items"]] == [
        "談及回湘投資意向"
    ]
    reads = {(r["action"], tuple(r["fields"])) for r in _audit(as_, logged["id"]) if r["account_id"] == "acc-leader2"}
    assert reads == {("GET /interactions/{interaction_id}", ("notes",)), ("GET /interactions", ("notes",))}


def test_staff_outside_liaison_read_published_articles_only_and_nobody_approves_their_own(as_) -> None:
    author = as_("liaison.head", account_id="acc-h1", cadre_id="head-1")
    other_head = as_("liaison.head", account_id="acc-h2", cadre_id="head-2")
    clerk = as_("liaison.clerk", cadre_id="clerk-1")
    draft = author.post("/articles", json={"kind": "news_release", "title": f"草稿 {_tag()}", "body": "正文"}).json()
    assert draft["author_cadre_id"] == "head-1"
    author.post(f"/articles/{draft['id']}/submit")
    own = author.post(f"/articles/{draft['id']}/approve")
    assert own.status_code == 409 and "own" in own.json()["detail"]  # a head is still the author
    assert clerk.post(f"/articles/{draft['id']}/approve").status_code == 403  # liaison.approve is the head's
    approved = other_head.post(f"/articles/{draft['id']}/approve").json()
    assert approved["state"] == "approved" and approved["reviewer_cadre_id"] == "head-2"

    title = f"已發佈 {_tag()}"
    published = clerk.post("/articles", json={"kind": "news_release", "title": title, "body": "正文"}).json()
    clerk.post(f"/articles/{published['id']}/submit")
    other_head.post(f"/articles/{published['id']}/approve")
    assert clerk.post(f"/articles/{published['id']}/publish").json()["state"] == "published"

    outsider = as_("rights.clerk")
    states = {a["state"] for a in outsider.get("/articles", params={"limit": 500}).json()["items"]}
    assert states == {"published"}
    assert outsider.get(f"/articles/{published['id']}").status_code == 200
    assert outsider.get(f"/articles/{draft['id']}").status_code == 404
    assert outsider.get("/articles/feed.atom").status_code == 200
    assert title.encode() in outsider.get("/articles/feed.atom").content
    assert outsider.get("/associations").status_code == 200  # association names are for everyone
    assert outsider.post("/articles", json={"kind": "news_release", "title": "t", "body": "b"}).status_code == 403
    assert as_("auditor").get("/articles/feed.atom").status_code == 403  # no business records
