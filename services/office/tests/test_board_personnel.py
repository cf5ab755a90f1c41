"""personnel's congresses on office's board: open from `congress.convening_due`, overdue past the date
while the committee is not elected, closed by `congress.committee_elected`; party branches' elections and planned visits to retirees likewise."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from qiaolian_contracts.envelope import make_envelope
from qiaolian_contracts.events.liaison import CommitteeTermExpiring, CommitteeTermRenewed
from qiaolian_contracts.events.personnel import (
    CongressCommitteeElected,
    CongressDue,
    PartyBranchCommitteeElected,
    PartyBranchElectionDue,
    RetireeVisitCancelled,
    RetireeVisitDue,
    RetireeVisitRecorded,
)
from qiaolian_office.supervision import events
from qiaolian_office.supervision import queries as board

if TYPE_CHECKING:
    from conftest import OfficeDb


async def test_a_congress_stays_overdue_on_the_board_until_its_committee_is_elected(office: OfficeDb) -> None:
    held_on = date(2026, 4, 1)
    due = make_envelope(
        event_type="qiaolian.personnel.congress.convening_due.v1",
        producer="personnel",
        subject="cg-1",
        data=CongressDue(congress_id="cg-1", held_on=held_on),
    )
    async with office.uow() as u:
        await events.on_congress_due(u, due)
    assert await office.board() == [("congress", "cg-1", "open")]
    async with office.uow() as u:
        counts = await board.counts_by_office(u.session, date(2026, 4, 2))
    assert counts["personnel"].overdue == 1  # the date passed without a committee elected
    elected = make_envelope(
        event_type="qiaolian.personnel.congress.committee_elected.v1",
        producer="personnel",
        subject="cg-1",
        data=CongressCommitteeElected(congress_id="cg-1", held_on=held_on, members=2),
    )
    async with office.uow() as u:
        await events.on_congress_committee_elected(u, elected)
    assert await office.board() == [("congress", "cg-1", "closed")]


def _env(event_type: str, subject: str, data: Any) -> Any:
    return make_envelope(event_type=event_type, producer="personnel", subject=subject, data=data)


async def test_a_party_branch_election_is_open_until_the_next_committee_is_elected(office: OfficeDb) -> None:
    due = _env(
        "qiaolian.personnel.party_branch.election_due.v1",
        "pb-1",
        PartyBranchElectionDue(branch_id="pb-1", term_ends_on=date(2026, 5, 1)),
    )
    async with office.uow() as u:
        await events.on_party_election_due(u, due)
    assert await office.board() == [("party_branch_election", "pb-1:2026-05-01", "open")]
    async with office.uow() as u:
        counts = await board.counts_by_office(u.session, date(2026, 5, 2))
    assert counts["personnel"].overdue == 1
    elected = _env(
        "qiaolian.personnel.party_branch.committee_elected.v1",
        "pb-1",
        PartyBranchCommitteeElected(
            branch_id="pb-1",
            term_id="t-2",
            previous_term_ends_on=date(2026, 5, 1),
            elected_on=date(2026, 4, 20),
            term_starts_on=date(2026, 5, 1),
            term_ends_on=date(2029, 5, 1),
        ),
    )
    async with office.uow() as u:
        await events.on_party_committee_elected(u, elected)
    assert await office.board() == [("party_branch_election", "pb-1:2026-05-01", "closed")]


async def test_a_planned_visit_to_a_retiree_is_overdue_on_the_board_until_recorded_or_dropped(office: OfficeDb) -> None:
    for visit in ("v-1", "v-2"):
        async with office.uow() as u:
            await events.on_retiree_visit_due(
                u,
                _env(
                    "qiaolian.personnel.retiree.visit_due.v1",
                    visit,
                    RetireeVisitDue(visit_id=visit, planned_on=date(2026, 3, 20)),
                ),
            )
    async with office.uow() as u:
        counts = await board.counts_by_office(u.session, date(2026, 3, 21))
    assert counts["personnel"].overdue == 2
    async with office.uow() as u:
        await events.on_retiree_visit_recorded(
            u,
            _env(
                "qiaolian.personnel.retiree.visit_recorded.v1",
                "v-1",
                RetireeVisitRecorded(visit_id="v-1", planned_on=date(2026, 3, 20), visited_on=date(2026, 3, 21)),
            ),
        )
        await events.on_retiree_visit_cancelled(
            u,
            _env(
                "qiaolian.personnel.retiree.visit_cancelled.v1",
                "v-2",
                RetireeVisitCancelled(visit_id="v-2", planned_on=date(2026, 3, 20)),
            ),
        )
    assert sorted(await office.board()) == [("retiree_visit", "v-1", "closed"), ("retiree_visit", "v-2", "closed")]


async def test_a_liaison_committees_expiring_term_is_on_the_board_until_renewed(office: OfficeDb) -> None:
    expiring = make_envelope(
        event_type="qiaolian.liaison.committee.term_expiring.v1",
        producer="liaison",
        subject="cm-1",
        data=CommitteeTermExpiring(committee_id="cm-1", term_ends_on=date(2027, 2, 1)),
    )
    async with office.uow() as u:
        await events.on_committee_term_expiring(u, expiring)
    assert await office.board() == [("committee_term", "cm-1:2027-02-01", "open")]
    async with office.uow() as u:
        counts = await board.counts_by_office(u.session, date(2027, 2, 2))
    assert counts["liaison"].overdue == 1
    renewed = make_envelope(
        event_type="qiaolian.liaison.committee.term_renewed.v1",
        producer="liaison",
        subject="cm-1",
        data=CommitteeTermRenewed(
            committee_id="cm-1",
            previous_term_ends_on=date(2027, 2, 1),
            term_starts_on=date(2027, 2, 1),
            term_ends_on=date(2030, 1, 31),
        ),
    )
    async with office.uow() as u:
        await events.on_committee_term_renewed(u, renewed)
    assert await office.board() == [("committee_term", "cm-1:2027-02-01", "closed")]
