"""rights' other watched dates (issue 18): committee members' and counsel's terms warn before they end,
startup bases' accreditation warns and lapses, affiliated bodies' reports fall overdue unless received;
the economic contacts reach the bus for office's registry, without their notes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from qiaolian_chassis.testing import ServiceAt
from qiaolian_contracts.events.rights import (
    AffiliatedBody,
    AffiliateReportKind,
    Committee,
    CounselRole,
)
from qiaolian_rights.affiliates import commands as affiliates
from qiaolian_rights.app import definition
from qiaolian_rights.counsel import commands as counsel
from qiaolian_rights.database import deadlines
from qiaolian_rights.startup import commands as startup

from .conftest import Client


def _fields(r: Any) -> set[str]:
    """The fields a 422 names."""
    return {e["field"] for e in r.json()["errors"]}


async def test_a_committee_member_s_term_warns_60_days_before_it_ends_and_once(service_at: ServiceAt) -> None:
    rights = await service_at(definition(), datetime(2026, 3, 1, tzinfo=UTC))
    async with rights.uow() as u:
        m = await counsel.appoint(
            u,
            counsel.AppointCounsel(
                name="周",
                role=CounselRole.special_expert,
                committee=Committee.special_experts,
                term_from=date(2025, 1, 1),
                term_to=date(2026, 6, 30),
            ),
        )
    for day in (date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 2)):
        async with rights.uow() as u:
            await deadlines.run_once(u, day)
    assert await rights.facts("counsel.term_expiring.v1") == [{"counsel_id": m.id, "term_to": "2026-06-30"}]
    assert (await rights.facts("counsel.appointed.v1"))[0]["committee"] == "special_experts"
    async with rights.uow() as u:  # renewed: warns again for the new end, not for the old one
        await counsel.renew(u, counsel.RenewTerm(m.id, date(2027, 6, 30)))
    async with rights.uow() as u:
        await deadlines.run_once(u, date(2026, 7, 1))
    assert len(await rights.facts("counsel.term_expiring.v1")) == 1
    assert await rights.facts("counsel.term_ended.v1") == []


async def test_a_base_s_accreditation_warns_90_days_before_valid_to_lapses_after_and_revocation_silences_it(
    service_at: ServiceAt,
) -> None:
    rights = await service_at(definition(), datetime(2026, 3, 1, tzinfo=UTC))
    async with rights.uow() as u:
        a = await startup.apply_for_accreditation(u, startup.ApplyForAccreditation("甲基地", "園區", "changsha", "ai"))
        b = await startup.apply_for_accreditation(u, startup.ApplyForAccreditation("乙基地", "園區", "changsha", "ai"))
        await startup.accredit(u, startup.AccreditBase(a.id, date(2026, 9, 30)))
        await startup.accredit(u, startup.AccreditBase(b.id, date(2026, 9, 30)))
    async with rights.uow() as u:
        await deadlines.run_once(u, date(2026, 7, 1))  # 91 days before: nothing yet
    assert await rights.facts("base.accreditation_expiring.v1") == []
    async with rights.uow() as u:
        await deadlines.run_once(u, date(2026, 7, 2))
    assert {f["base_id"] for f in await rights.facts("base.accreditation_expiring.v1")} == {a.id, b.id}
    async with rights.uow() as u:
        await startup.revoke(u, startup.RevokeBase(b.id, "停止運營"))
    for day in (date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 2)):
        async with rights.uow() as u:
            await deadlines.run_once(u, day)
    assert await rights.facts("base.accreditation_lapsed.v1") == [{"base_id": a.id, "valid_to": "2026-09-30"}]
    assert await rights.facts("base.revoked.v1") == [{"base_id": b.id, "revoked_on": "2026-03-01"}]


async def test_an_affiliated_body_s_report_falls_overdue_unless_received(service_at: ServiceAt) -> None:
    rights = await service_at(definition(), datetime(2026, 3, 1, tzinfo=UTC))
    async with rights.uow() as u:
        late = await affiliates.expect(
            u,
            affiliates.ExpectReport(
                AffiliatedBody.chamber_of_commerce,
                AffiliateReportKind.annual_report,
                2025,
                "2025年度工作報告",
                date(2026, 3, 31),
            ),
        )
        met = await affiliates.expect(
            u,
            affiliates.ExpectReport(
                AffiliatedBody.charity_foundation, AffiliateReportKind.major_matter, 2026, "大額捐贈", date(2026, 3, 31)
            ),
        )
        await affiliates.receive(u, affiliates.ReceiveReport(met.id, "已報告"))
    async with rights.uow() as u:
        await deadlines.run_once(u, date(2026, 4, 1))
    assert await rights.facts("affiliate_report.overdue.v1") == [{"report_id": late.id, "due_on": "2026-03-31"}]
    received = await rights.facts("affiliate_report.received.v1")
    assert received == [
        {
            "report_id": met.id,
            "body": "charity_foundation",
            "kind": "major_matter",
            "received_on": "2026-03-01",
            "on_time": True,
        }
    ]


async def test_committees_and_nominees_over_http(as_: Client) -> None:
    clerk = as_({"rights.clerk"}, cadre_id="c1")
    term = {"term_from": "2026-01-01", "term_to": "2028-12-31"}
    r = await clerk.post(
        "/counsel", json={"name": "李", "role": "legal_adviser", "committee": "legal_advisers", **term}
    )
    assert r.status_code == 201 and r.json()["committee"] == "legal_advisers"
    r = await clerk.post("/counsel", json={"name": "趙", "role": "juror_nominee", **term})  # 人民陪審員
    assert r.status_code == 201 and r.json()["committee"] is None
    r = await clerk.post("/counsel", json={"name": "錢", "role": "mediator", "committee": "special_experts", **term})
    assert r.status_code == 422 and _fields(r) == {"role"}
    r = await clerk.post("/counsel", json={"name": "錢", "role": "mediator", "committee": "board", **term})
    assert r.status_code == 422
    page = (await clerk.get("/counsel", params={"committee": "legal_advisers"})).json()
    assert [c["name"] for c in page["items"]] == ["李"]
    page = (await clerk.get("/counsel", params={"role": "juror_nominee"})).json()
    assert [c["name"] for c in page["items"]] == ["趙"]


async def test_affiliate_reports_over_http(as_: Client) -> None:
    clerk = as_({"rights.clerk"}, cadre_id="c1")
    body = {"body": "chamber_of_commerce", "kind": "annual_report", "year": 2025, "subject": "年度工作報告"}
    r = await clerk.post("/affiliate-reports", json={**body, "due_on": "2026-01-31"})
    assert r.status_code == 422 and _fields(r) == {"due_on"}  # in the past (today 2026-03-02)
    r = await clerk.post("/affiliate-reports", json={**body, "body": "red_cross", "due_on": "2026-03-31"})
    assert r.status_code == 422
    rep = (await clerk.post("/affiliate-reports", json={**body, "due_on": "2026-03-31"})).json()
    assert rep["state"] == "expected" and rep["allowed_commands"] == ["receive"]
    page = (await clerk.get("/affiliate-reports", params={"overdue_on": "2026-04-01"})).json()
    assert [p["id"] for p in page["items"]] == [rep["id"]]
    r = await clerk.post(f"/affiliate-reports/{rep['id']}/receive", json={"summary": "收到"})
    assert r.status_code == 200 and r.json()["received_on"] == "2026-03-02"
    r = await clerk.post(f"/affiliate-reports/{rep['id']}/receive", json={"summary": "again"})
    assert r.status_code == 409
    assert (await clerk.get("/affiliate-reports", params={"overdue_on": "2026-04-01"})).json()["items"] == []
    assert (await clerk.get("/affiliate-reports", params={"state": "lost"})).status_code == 422
    viewer = as_({"liaison.clerk"}, cadre_id="x")
    assert (await viewer.post("/affiliate-reports", json={**body, "due_on": "2026-03-31"})).status_code == 403


async def test_economic_contacts_over_http(as_: Client) -> None:
    clerk = as_({"rights.clerk"}, cadre_id="c1")
    new = {"kind": "person", "domain": "technology", "country": "DE", "field": "biomedicine"}
    r = await clerk.post("/economic-contacts", json=new)  # no name at all
    assert r.status_code == 422 and _fields(r) == {"name_zh"}
    r = await clerk.post("/economic-contacts", json={**new, "country": "Germany", "name_zh": "陳"})
    assert r.status_code == 422
    c = (await clerk.post("/economic-contacts", json={**new, "name_zh": "陳博士", "notes": "合作意向"})).json()
    assert c["status"] == "active"
    upd = {"field": "medical_devices", "status": "inactive"}
    r = await clerk.post(f"/economic-contacts/{c['id']}/update", json=upd)
    assert r.status_code == 200 and r.json()["status"] == "inactive"
    assert (await clerk.post("/economic-contacts/nope/update", json=upd)).status_code == 404
    found = (await clerk.get("/economic-contacts", params={"q": "博士", "domain": "technology"})).json()
    assert [x["id"] for x in found["items"]] == [c["id"]]
    assert (await clerk.get("/economic-contacts", params={"status": "inactive"})).json()["total"] == 1
