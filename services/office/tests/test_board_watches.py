"""The other offices' watched dates on office's board (issue 18), through the handlers office's
consumers run: each opens an item at its date, an overdue fact keeps it open at that date, and the
fact that meets it closes it; rights' economic contacts join the resource registry."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa

from qiaolian_contracts.catalog import type_of
from qiaolian_contracts.envelope import Payload, make_envelope
from qiaolian_contracts.events.liaison import (
    BaseReviewOutcome,
    ExchangeBaseReviewDue,
    ExchangeBaseReviewed,
    MemberAppointed,
    MemberRole,
    MemberTermExpiring,
)
from qiaolian_contracts.events.personnel import Assembly, AssemblyLevel, RepresentativeSeated
from qiaolian_contracts.events.rights import (
    AffiliatedBody,
    AffiliateReportDeadline,
    AffiliateReportKind,
    AffiliateReportReceived,
    AffiliateReportRequested,
    ContactDomain,
    CounselAppointed,
    CounselRole,
    CounselTermEnded,
    CounselTermExpiring,
    EconomicContactKind,
    EconomicContactRegistered,
    EconomicContactUpdated,
    PetitionDeadline,
    PetitionDeadlineKind,
    StartupBaseRevoked,
    StartupBaseValidity,
)
from qiaolian_office.app import definition
from qiaolian_office.registry.tables import Resource
from qiaolian_office.supervision import queries as board
from qiaolian_office.supervision.tables import SupervisionItem

if TYPE_CHECKING:
    from conftest import OfficeDb


async def deliver(office: OfficeDb, durable: str, data: Payload, event_type: str | None = None) -> None:
    """One event through the handler map office's consumer `durable` runs."""
    t = event_type or type_of(type(data))
    envelope = make_envelope(event_type=t, producer=t.split(".")[1], subject="s", data=data)
    async with office.uow() as u:
        await definition().handlers[durable][t](u, envelope)


async def overdue(office: OfficeDb, on: date) -> dict[str, int]:
    async with office.uow() as u:
        return {k: v.overdue for k, v in (await board.counts_by_office(u.session, on)).items()}


async def test_a_counsel_term_warned_is_on_the_board_until_renewed_or_ended(office: OfficeDb) -> None:
    rights = "office--board-rights"
    for c in ("co-1", "co-2"):
        await deliver(office, rights, CounselTermExpiring(counsel_id=c, term_to=date(2026, 4, 30)))
    assert sorted(await office.board()) == [("counsel_term", "co-1", "open"), ("counsel_term", "co-2", "open")]
    assert (await overdue(office, date(2026, 5, 1)))["rights"] == 2
    await deliver(
        office,
        rights,
        CounselAppointed(
            counsel_id="co-1", role=CounselRole.legal_adviser, term_from=date(2024, 5, 1), term_to=date(2028, 4, 30)
        ),
    )
    await deliver(office, rights, CounselTermEnded(counsel_id="co-2", ended_on=date(2026, 4, 30)))
    assert sorted(await office.board()) == [("counsel_term", "co-1", "closed"), ("counsel_term", "co-2", "closed")]
    # renewed, then warned again for its new end: the item comes back at the new date
    await deliver(office, rights, CounselTermExpiring(counsel_id="co-1", term_to=date(2028, 4, 30)))
    async with office.uow() as u:
        due = await u.session.scalar(sa.select(SupervisionItem.due_on).where(SupervisionItem.source_id == "co-1"))
    assert due == date(2028, 4, 30) and ("counsel_term", "co-1", "open") in await office.board()


async def test_a_base_s_accreditation_stays_overdue_once_lapsed_until_revoked(office: OfficeDb) -> None:
    rights = "office--board-rights"
    validity = StartupBaseValidity(base_id="sb-1", valid_to=date(2026, 9, 30))
    await deliver(office, rights, validity, "qiaolian.rights.base.accreditation_expiring.v1")
    assert await office.board() == [("startup_base", "sb-1", "open")]
    assert (await overdue(office, date(2026, 9, 30))).get("rights", 0) == 0
    await deliver(office, rights, validity, "qiaolian.rights.base.accreditation_lapsed.v1")
    assert (await overdue(office, date(2026, 10, 1)))["rights"] == 1
    await deliver(office, rights, StartupBaseRevoked(base_id="sb-1", revoked_on=date(2026, 10, 5)))
    assert await office.board() == [("startup_base", "sb-1", "closed")]


async def test_an_affiliated_body_s_report_is_on_the_board_from_requested_until_received(office: OfficeDb) -> None:
    rights = "office--board-rights"
    await deliver(
        office,
        rights,
        AffiliateReportRequested(
            report_id="ar-1",
            body=AffiliatedBody.chamber_of_commerce,
            kind=AffiliateReportKind.annual_report,
            year=2025,
            due_on=date(2026, 3, 31),
        ),
    )
    await deliver(office, rights, AffiliateReportDeadline(report_id="ar-1", due_on=date(2026, 3, 31)))
    assert await office.board() == [("affiliate_report", "ar-1", "open")]
    assert (await overdue(office, date(2026, 4, 1)))["rights"] == 1
    await deliver(
        office,
        rights,
        AffiliateReportReceived(
            report_id="ar-1",
            body=AffiliatedBody.chamber_of_commerce,
            kind=AffiliateReportKind.annual_report,
            received_on=date(2026, 4, 3),
            on_time=False,
        ),
    )
    assert await office.board() == [("affiliate_report", "ar-1", "closed")]


async def test_liaison_s_member_terms_and_base_reviews_and_personnel_s_representatives(office: OfficeDb) -> None:
    liaison = "office--board-liaison"
    await deliver(office, liaison, MemberTermExpiring(appointment_id="ap-1", term_ends_on=date(2026, 4, 30)))
    await deliver(office, liaison, ExchangeBaseReviewDue(base_id="eb-1", review_due_on=date(2026, 3, 20)))
    await deliver(
        office,
        "office--board-personnel",
        RepresentativeSeated(
            representative_id="rp-1",
            assembly=Assembly(next(iter(Assembly))),
            level=AssemblyLevel(next(iter(AssemblyLevel))),
            session_no=14,
            seated_on=date(2023, 1, 15),
            term_ends_on=date(2028, 1, 14),
        ),
    )
    assert sorted(await office.board()) == [
        ("exchange_base_review", "eb-1", "open"),
        ("member_term", "ap-1", "open"),
        ("representative_term", "rp-1", "open"),
    ]
    await deliver(
        office,
        liaison,
        MemberAppointed(
            appointment_id="ap-1",
            person_id="p-1",
            role=MemberRole.overseas_adviser,
            term_starts_on=date(2021, 5, 1),
            term_ends_on=date(2031, 4, 30),
        ),
    )
    await deliver(
        office,
        liaison,
        ExchangeBaseReviewed(
            base_id="eb-1",
            reviewed_on=date(2026, 3, 18),
            outcome=BaseReviewOutcome.renewed,
            next_review_on=date(2029, 3, 18),
        ),
    )
    assert sorted(await office.board()) == [
        ("exchange_base_review", "eb-1", "closed"),
        ("member_term", "ap-1", "closed"),
        ("representative_term", "rp-1", "open"),
    ]


async def test_a_petition_warning_puts_a_missing_deadline_back_on_the_board(office: OfficeDb) -> None:
    warning = PetitionDeadline(petition_id="pt-1", deadline=PetitionDeadlineKind.handling, due_on=date(2026, 4, 30))
    await deliver(office, "office--supervision", warning, "qiaolian.rights.petition.deadline_approaching.v1")
    assert await office.board() == [("petition_handling", "pt-1", "open")]


async def test_rights_economic_contacts_join_the_registry_with_their_source(office: OfficeDb) -> None:
    registry = "office--registry-rights"
    await deliver(
        office,
        registry,
        EconomicContactRegistered(
            contact_id="ec-1",
            kind=EconomicContactKind.organisation,
            domain=ContactDomain.business,
            name_zh="德國湘商會",
            country="DE",
            field="equipment",
        ),
    )
    await deliver(office, registry, EconomicContactUpdated(contact_id="ec-1", field="equipment", status="inactive"))
    async with office.uow() as u:
        r = await u.session.get(Resource, "ec-1")
        assert r is not None
        assert (r.source, r.kind, r.name_zh, r.country, r.status) == (
            "rights",
            "organisation",
            "德國湘商會",
            "DE",
            "inactive",
        )
