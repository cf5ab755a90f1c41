"""Who may do and see what in office, through HTTP (../../../shared/ACCESS.md): a permission on every
route, a supervised task updated by its office, classified documents and archives only to the cleared,
a trip's personal fields only to the traveller, office's staff and the chain's roles (audited), and
the separation of duties of the trip chain."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.testing import TokenAuth, forbidden, in_process
from qiaolian_office.app import definition


def who(*roles: str, cadre_id: str | None = None, office: str | None = None, account: str | None = None) -> TokenAuth:
    return TokenAuth(
        "office", roles=set(roles), cadre_id=cadre_id, office=office, account_id=account or f"acc-{cadre_id or roles}"
    )


CLERK = who("office.clerk", cadre_id="c-clerk", office="office")
HEAD = who("office.head", cadre_id="c-head", office="office")
LEADER = who("leader", cadre_id="c-leader")
FOREIGN = who("foreign_affairs", "liaison.clerk", cadre_id="c-fa", office="liaison")
OUTSIDER = who("rights.clerk", cadre_id="c-rights", office="rights")  # staff, but of another office
AUDITOR = who("auditor", account="acc-auditor")


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with in_process(definition(), datetime(2026, 1, 10, 2, tzinfo=UTC), tmp_path) as svc:
        await svc.add_staff("c1", office="liaison")
        await svc.add_staff("c-head", office="office")
        async with svc.client(CLERK) as c:
            yield c


async def test_every_concept_needs_its_permission(client: httpx.AsyncClient) -> None:
    assert (await client.get("/supervision/items", auth=httpx.BasicAuth("x", "y"))).status_code == 401
    forbidden(await client.get("/supervision/items", auth=AUDITOR), "staff.read")
    assert (await client.get("/supervision/items", auth=OUTSIDER)).status_code == 200  # the board: everyone
    assert (await client.get("/directory", auth=OUTSIDER)).status_code == 200
    forbidden(await client.get("/directory", auth=AUDITOR), "staff.read")
    forbidden(await client.post("/supervision/tasks", json={}, auth=CLERK), "leader.decide")
    forbidden(await client.get("/documents/outgoing", auth=OUTSIDER), "office.read")
    forbidden(await client.post("/archives", json={}, auth=LEADER), "office.write")
    forbidden(await client.get("/archives", auth=OUTSIDER), "office.read")
    forbidden(await client.post("/situation-reports", json={}, auth=LEADER), "office.write")
    forbidden(await client.get("/vehicles", auth=OUTSIDER), "office.read")
    forbidden(await client.post("/vehicle-bookings", json={}, auth=OUTSIDER), "office.write")
    forbidden(await client.get("/duty-rosters", auth=OUTSIDER), "office.read")
    assert (await client.get("/duty-rosters/holidays", params={"year": 2026}, auth=OUTSIDER)).status_code == 200
    forbidden(await client.get("/resources", auth=OUTSIDER), "office.read")
    forbidden(await client.post("/outbound-trips", json={}, auth=OUTSIDER), "office.write")
    forbidden(await client.post("/outbound-trips/t/approve", json={}, auth=OUTSIDER), "trips.decide")
    forbidden(await client.post("/outbound-trips/t/withdraw", json={}, auth=CLERK), "office.approve")
    forbidden(await client.get("/audit", auth=CLERK), "audit.read")


async def test_a_supervised_task_is_updated_by_the_office_it_is_assigned_to(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/supervision/tasks",
        json={"title": "落實座談會議定事項", "office": "rights", "due_on": "2026-02-01"},
        auth=LEADER,
    )
    assert r.status_code == 201, r.text
    url = f"/supervision/tasks/{r.json()['id']}"
    liaison = who("liaison.clerk", cadre_id="c-l", office="liaison")
    r = await client.post(f"{url}/progress", json={"percent_done": 10, "note": "x"}, auth=liaison)
    assert r.status_code == 403 and r.json()["office"] == "rights"
    r = await client.post(f"{url}/progress", json={"percent_done": 10, "note": "已開會"}, auth=OUTSIDER)
    assert r.status_code == 201, r.text
    assert (await client.post(f"{url}/close", auth=liaison)).status_code == 403
    assert (await client.post(f"{url}/close", auth=CLERK)).status_code == 200  # office manages the board


async def dispatched(client: httpx.AsyncClient, classification: str) -> dict:
    r = await client.post(
        "/documents/outgoing",
        json={
            "title": f"{classification}的通知",
            "prefix": "湘僑密",
            "classification": classification,
            "drafting_office": "office",
        },
        auth=who("office.clerk", "cleared_top_secret", cadre_id="c-clerk", office="office"),
    )
    assert r.status_code == 201, r.text
    cleared_head = who("office.head", "cleared_top_secret", cadre_id="c-head", office="office")
    for step in ("submit", "sign", "number", "seal", "dispatch"):
        r = await client.post(f"/documents/outgoing/{r.json()['id']}/{step}", auth=cleared_head)
        assert r.status_code == 200, r.text
    return r.json()


async def test_a_classified_document_and_its_archive_entry_only_to_the_matching_clearance(
    client: httpx.AsyncClient,
) -> None:
    doc = await dispatched(client, "secret")
    assert doc["signed_by"] == "c-head"  # the signed-in head, not a name in the body
    cleared = who("office.clerk", "cleared_secret", cadre_id="c-clerk", office="office")
    confidential_only = who("office.clerk", "cleared_confidential", cadre_id="c-clerk", office="office")
    r = await client.post(
        "/archives",
        json={
            "source_kind": "outgoing_document",
            "source_id": doc["id"],
            "title": "機密通知",
            "office": "office",
            "retention_years": 30,
        },
        auth=confidential_only,
    )
    assert r.status_code == 404  # not cleared: as if the document did not exist
    r = await client.post(
        "/archives",
        json={
            "source_kind": "outgoing_document",
            "source_id": doc["id"],
            "title": "機密通知",
            "office": "office",
            "retention_years": 30,
        },
        auth=cleared,
    )
    assert r.status_code == 201 and r.json()["classification"] == "secret"
    archive_id = r.json()["id"]
    for person, sees in ((CLERK, False), (confidential_only, False), (cleared, True), (LEADER, False)):
        listed = (await client.get("/archives", auth=person)).json()["items"]
        assert ([a["id"] for a in listed] == [archive_id]) is sees
        assert ("機密通知" in str(listed)) is sees  # titles too
        assert (await client.get(f"/archives/{archive_id}", auth=person)).status_code == (200 if sees else 404)
        assert (await client.get(f"/documents/outgoing/{doc['id']}", auth=person)).status_code == (200 if sees else 404)
    lend = {"borrower": "王科長", "office": "office", "due_on": "2026-01-20"}
    assert (await client.post(f"/archives/{archive_id}/lend", json=lend, auth=CLERK)).status_code == 404
    assert (await client.post(f"/archives/{archive_id}/lend", json=lend, auth=cleared)).status_code == 201
    assert (await client.get("/archives/loans", auth=CLERK)).json()["items"] == []
    assert len((await client.get("/archives/loans", auth=cleared)).json()["items"]) == 1


async def test_an_outgoing_document_is_sealed_after_signing_and_numbering_and_before_dispatch(
    client: httpx.AsyncClient,
) -> None:
    """用印 between sign-off and dispatch: an unsealed document is not dispatched (409 naming `seal`)."""
    r = await client.post(
        "/documents/outgoing",
        json={"title": "通知", "prefix": "湘僑發", "drafting_office": "office"},
        auth=CLERK,
    )
    url = f"/documents/outgoing/{r.json()['id']}"
    assert (await client.post(f"{url}/submit")).status_code == 200
    r = await client.post(f"{url}/seal")
    assert r.status_code == 409 and r.json()["current_state"] == "in_review"  # not before sign-off
    assert (await client.post(f"{url}/sign", auth=HEAD)).status_code == 200
    r = await client.post(f"{url}/number")
    assert r.status_code == 200 and r.json()["allowed_commands"] == ["seal"]
    r = await client.post(f"{url}/dispatch")
    assert r.status_code == 409, r.text
    assert (r.json()["current_state"], r.json()["allowed_commands"]) == ("numbered", ["seal"])
    r = await client.post(f"{url}/seal", json={"sealed_by": "someone else"})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["sealed_by"], r.json()["sealed_on"]) == ("sealed", "c-clerk", "2026-01-10")
    assert (await client.post(f"{url}/seal")).status_code == 409  # once
    r = await client.post(f"{url}/dispatch")
    assert r.status_code == 200 and r.json()["state"] == "dispatched"
    assert (await client.get(url)).json()["sealed_by"] == "c-clerk"


async def test_a_top_secret_document_and_its_archive_entry_only_to_the_top_secret_cleared(
    client: httpx.AsyncClient,
) -> None:
    """絕密 is the top level: `cleared_secret` does not reach it, `cleared_top_secret` does."""
    doc = await dispatched(client, "top_secret")
    assert doc["classification"] == "top_secret"
    secret = who("office.clerk", "cleared_secret", cadre_id="c-clerk", office="office")
    top = who("office.clerk", "cleared_top_secret", cadre_id="c-clerk", office="office")
    filing = {"source_kind": "outgoing_document", "source_id": doc["id"], "title": "絕密通知", "office": "office"}
    assert (await client.post("/archives", json={**filing, "retention_years": 100}, auth=secret)).status_code == 404
    r = await client.post("/archives", json={**filing, "retention_years": 100}, auth=top)
    assert r.status_code == 201 and r.json()["classification"] == "top_secret", r.text
    for person, sees in ((CLERK, False), (secret, False), (top, True)):
        assert (await client.get(f"/documents/outgoing/{doc['id']}", auth=person)).status_code == (200 if sees else 404)
        listed = (await client.get("/archives", auth=person)).json()["items"]
        assert ("絕密通知" in str(listed)) is sees
        r = await client.get("/documents/outgoing", params={"classification": "top_secret"}, auth=person)
        assert r.status_code == 200 and len(r.json()["items"]) == (1 if sees else 0)


async def test_an_archive_entry_takes_a_classification_given_at_filing_never_lower(client: httpx.AsyncClient) -> None:
    """A case filed as secret is an entry only the secret-cleared see and lend; a secret document cannot be
    filed as internal (422), nor a case above the filer's own clearance."""
    secret = who("office.clerk", "cleared_secret", cadre_id="c-clerk", office="office")
    case = {
        "source_kind": "case",
        "source_id": "case-1",
        "title": "機密案卷",
        "office": "office",
        "retention_years": 30,
    }
    r = await client.post("/archives", json={**case, "classification": "top_secret"}, auth=secret)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "classification"
    r = await client.post("/archives", json={**case, "classification": "secret"}, auth=secret)
    assert r.status_code == 201 and r.json()["classification"] == "secret", r.text
    archive_id = r.json()["id"]
    assert "機密案卷" not in str((await client.get("/archives", auth=CLERK)).json())
    assert (await client.get(f"/archives/{archive_id}", auth=CLERK)).status_code == 404
    lend = {"borrower": "王科長", "office": "office", "due_on": "2026-01-20"}
    assert (await client.post(f"/archives/{archive_id}/lend", json=lend, auth=CLERK)).status_code == 404
    assert (await client.post(f"/archives/{archive_id}/lend", json=lend, auth=secret)).status_code == 201
    doc = await dispatched(client, "secret")
    r = await client.post(
        "/archives",
        json={**case, "source_kind": "outgoing_document", "source_id": doc["id"], "classification": "internal"},
        auth=secret,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "classification"


TRIP = {
    "cadre_id": "c1",
    "destinations": ["HK"],
    "purpose": "考察僑資企業",
    "inviting_organisation": "香港湖南同鄉會",
    "departs_on": "2026-01-20",
    "returns_on": "2026-01-25",
}
PERSONAL = ("purpose", "inviting_organisation", "passport_number", "report")


async def test_the_trip_chain_separates_duties_and_takes_the_decider_from_the_token(client: httpx.AsyncClient) -> None:
    trip = (await client.post("/outbound-trips", json=TRIP)).json()
    url = f"/outbound-trips/{trip['id']}/approve"
    traveller_as_head = who("office.head", cadre_id="c1", office="liaison")
    r = await client.post(url, json={"step": "office_head"}, auth=traveller_as_head)
    assert r.status_code == 409 and "their own trip" in r.json()["detail"]
    forbidden(await client.post(url, json={"step": "office_head"}, auth=LEADER), "office.approve")
    assert (await client.post(url, json={"step": "office_head", "by": "主任"}, auth=HEAD)).status_code == 422
    both = who("office.head", "leader", cadre_id="c-both", office="office")
    assert (await client.post(url, json={"step": "office_head"}, auth=both)).status_code == 200
    r = await client.post(url, json={"step": "federation_leader"}, auth=both)
    assert r.status_code == 409 and "at most one step" in r.json()["detail"]
    r = await client.post(url, json={"step": "federation_leader"}, auth=LEADER)
    assert r.status_code == 200
    r = await client.post(url, json={"step": "foreign_affairs"}, auth=FOREIGN)
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert [d["decided_by"] for d in r.json()["decisions"]] == ["c-both", "c-leader", "c-fa"]


async def test_a_trips_personal_fields_only_to_the_traveller_office_and_the_chain_and_audited(
    client: httpx.AsyncClient,
) -> None:
    trip = (await client.post("/outbound-trips", json=TRIP)).json()
    tid = trip["id"]
    for step, person in (("office_head", HEAD), ("federation_leader", LEADER), ("foreign_affairs", FOREIGN)):
        assert (
            await client.post(f"/outbound-trips/{tid}/approve", json={"step": step}, auth=person)
        ).status_code == 200
    r = await client.post(f"/outbound-trips/{tid}/issue-passport", json={"passport_number": "E12345678"})
    assert r.status_code == 200 and r.json()["passport_number"] == "E******78"  # masked always

    traveller = who("liaison.clerk", cadre_id="c1", office="liaison", account="acc-traveller")
    stranger = who("liaison.clerk", cadre_id="c2", office="liaison")
    for person, sees in (
        (traveller, True),
        (CLERK, True),
        (LEADER, True),
        (FOREIGN, True),
        (stranger, False),
        (OUTSIDER, False),
    ):
        detail = (await client.get(f"/outbound-trips/{tid}", auth=person)).json()
        listed = (await client.get("/outbound-trips", auth=person)).json()["items"]
        assert [t["id"] for t in listed] == [tid]  # the trip (ids, dates, state) is not personal
        for shown in (detail, listed[0]):
            assert (shown["purpose"] == "考察僑資企業") is sees
            assert (shown["inviting_organisation"] == "香港湖南同鄉會") is sees
            assert shown["passport_number"] == ("E******78" if sees else None)
        assert "考察" not in str(listed) or sees
    assert (await client.get(f"/outbound-trips/{tid}", auth=OUTSIDER)).json()["report"] is None

    audit = (await client.get("/audit", params={"account_id": "acc-traveller"}, auth=AUDITOR)).json()["items"]
    assert audit and all(a["record_id"] == tid for a in audit)
    assert {"purpose", "inviting_organisation", "passport_number"} <= set(audit[0]["fields"])
    assert (await client.get("/audit", params={"account_id": "acc-c2"}, auth=AUDITOR)).json()["items"] == []
