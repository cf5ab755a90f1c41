"""A counsel's term ends once, through the deadline scheduler, the day after its last day; a renewal
moves the end and an early end publishes at once and silences the scheduler."""

from __future__ import annotations

from datetime import UTC, date, datetime

from qiaolian_chassis.testing import ServiceAt, ServiceDb
from qiaolian_contracts.events.rights import CounselRole
from qiaolian_rights.app import definition
from qiaolian_rights.counsel import commands as counsel
from qiaolian_rights.database import deadlines


async def ended(rights: ServiceDb) -> list[tuple[str, str, bool]]:
    return [(d["counsel_id"], d["ended_on"], d["early"]) for d in await rights.facts("term_ended.v1")]


async def test_terms_end_once_at_their_date_or_early(service_at: ServiceAt) -> None:
    rights = await service_at(definition(), datetime(2026, 3, 1, tzinfo=UTC))
    db, uow = rights, rights.uow
    async with uow() as u:
        a = await counsel.appoint(
            u,
            counsel.AppointCounsel(
                name="周", role=CounselRole.mediator, term_from=date(2025, 1, 1), term_to=date(2026, 3, 31)
            ),
        )
        b = await counsel.appoint(
            u,
            counsel.AppointCounsel(
                name="吳", role=CounselRole.legal_adviser, term_from=date(2025, 1, 1), term_to=date(2026, 3, 31)
            ),
        )
        c = await counsel.appoint(
            u,
            counsel.AppointCounsel(
                name="鄭", role=CounselRole.public_service_lawyer, term_from=date(2025, 1, 1), term_to=date(2026, 3, 31)
            ),
        )
    async with uow() as u:  # on 2026-03-01
        await counsel.renew(u, counsel.RenewTerm(b.id, date(2026, 12, 31)))
        await counsel.end_early(u, counsel.EndTermEarly(c.id, date(2026, 3, 1)))
    for day in (date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 2)):
        async with uow() as u:
            await deadlines.run_once(u, day)
    assert await ended(db) == [(c.id, "2026-03-01", True), (a.id, "2026-03-31", False)]
    async with uow() as u:
        await deadlines.run_once(u, date(2027, 1, 1))
    assert (b.id, "2026-12-31", False) in await ended(db)
