"""The other offices' deadlines on the board: each statutory deadline of a petition (rights), and each
grassroots federation's election (換屆) due (personnel), one item per federation and term, open from
`federation.election_due` until the election's result is filed, and each congress of returnees and
relatives, open from `congress.convening_due` until its committee is elected; each party branch's
committee election, open from `party_branch.election_due` until the committee is elected, and each
planned visit to a retired cadre, open from `retiree.visit_due` until recorded or dropped (the item's
title, `titles.TITLES`, names ids only)."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.consumer import batch_handler, handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.liaison import CommitteeTermExpiring, CommitteeTermRenewed
from qiaolian_contracts.events.personnel import (
    CongressCommitteeElected,
    CongressDue,
    FederationElectionDue,
    FederationElectionResultFiled,
    PartyBranchCommitteeElected,
    PartyBranchElectionDue,
    RetireeVisitCancelled,
    RetireeVisitDue,
    RetireeVisitRecorded,
)
from qiaolian_contracts.events.rights import (
    DeadlineChange,
    PetitionAccepted,
    PetitionDeadline,
    PetitionDeadlineChanged,
    PetitionDeadlineKind,
    PetitionFiled,
)

from .commands import BoardItem, close_item, move_item, open_item, open_items
from .rules import election_source

PETITION_OVERDUE = "qiaolian.rights.petition.overdue.v1"  # its model is deadline_approaching's too
PETITION_APPROACHING = "qiaolian.rights.petition.deadline_approaching.v1"


def _petition(petition_id: str, deadline: PetitionDeadlineKind, due_on: date, provisional: bool = False) -> BoardItem:
    return BoardItem.of(
        BoardItemKind.of_petition(deadline), Office.rights, petition_id, due_on, provisional=provisional
    )


# ---- rights: petitions -------------------------------------------------------------------------


async def on_petitions_filed(uow: UnitOfWork, events: list[Envelope[PetitionFiled]]) -> None:
    """Every petition filed in a run of the batch goes on the board in one statement."""
    await open_items(
        uow,
        [_petition(e.data.petition_id, PetitionDeadlineKind.first_decision, e.data.first_decision_due) for e in events],
    )


async def on_petition_accepted(uow: UnitOfWork, event: Envelope[PetitionAccepted]) -> None:
    d = event.data
    await close_item(uow, BoardItemKind.of_petition(PetitionDeadlineKind.first_decision), d.petition_id)
    await open_item(uow, _petition(d.petition_id, PetitionDeadlineKind.handling, d.handling_due))


async def on_petition_deadline_changed(uow: UnitOfWork, event: Envelope[PetitionDeadlineChanged]) -> None:
    """Follow every statutory deadline of a petition: set or moved opens the item (provisional or not),
    met or cancelled closes it."""
    d = event.data
    if d.change is DeadlineChange.set:
        await move_item(uow, _petition(d.petition_id, d.deadline, d.due_on, d.provisional))
    else:
        await close_item(uow, BoardItemKind.of_petition(d.deadline), d.petition_id)


async def on_petition_overdue(uow: UnitOfWork, event: Envelope[PetitionDeadline]) -> None:
    """An overdue deadline stays (or comes back) on the board at its due date; the board flags it overdue."""
    d = event.data
    await move_item(uow, _petition(d.petition_id, d.deadline, d.due_on))


async def on_petition_deadline_approaching(uow: UnitOfWork, event: Envelope[PetitionDeadline]) -> None:
    """A warning: the deadline is on the board already (set by `deadline_changed`); one missed or
    replayed out of order puts it back at its due date."""
    d = event.data
    await move_item(uow, _petition(d.petition_id, d.deadline, d.due_on))


# ---- personnel: federation elections -----------------------------------------------------------


async def on_election_due(uow: UnitOfWork, event: Envelope[FederationElectionDue]) -> None:
    d = event.data
    await open_item(
        uow,
        BoardItem.of(
            BoardItemKind.federation_election,
            Office.personnel,
            election_source(d.federation_id, d.term_ends_on),
            d.term_ends_on,
        ),
    )


async def on_election_result_filed(uow: UnitOfWork, event: Envelope[FederationElectionResultFiled]) -> None:
    d = event.data
    await close_item(uow, BoardItemKind.federation_election, election_source(d.federation_id, d.previous_term_ends_on))


PETITION_HANDLERS = handles(
    batch_handler(on_petitions_filed),
    on_petition_accepted,
    on_petition_deadline_changed,
    by_type={PETITION_OVERDUE: on_petition_overdue, PETITION_APPROACHING: on_petition_deadline_approaching},
)


async def on_congress_due(uow: UnitOfWork, event: Envelope[CongressDue]) -> None:
    d = event.data
    await open_item(
        uow,
        BoardItem.of(BoardItemKind.congress, Office.personnel, d.congress_id, d.held_on),
    )


async def on_congress_committee_elected(uow: UnitOfWork, event: Envelope[CongressCommitteeElected]) -> None:
    await close_item(uow, BoardItemKind.congress, event.data.congress_id)


async def on_party_election_due(uow: UnitOfWork, event: Envelope[PartyBranchElectionDue]) -> None:
    d = event.data
    await open_item(
        uow,
        BoardItem.of(
            BoardItemKind.party_branch_election,
            Office.personnel,
            election_source(d.branch_id, d.term_ends_on),
            d.term_ends_on,
        ),
    )


async def on_party_committee_elected(uow: UnitOfWork, event: Envelope[PartyBranchCommitteeElected]) -> None:
    d = event.data
    if d.previous_term_ends_on is not None:
        await close_item(
            uow, BoardItemKind.party_branch_election, election_source(d.branch_id, d.previous_term_ends_on)
        )


async def on_retiree_visit_due(uow: UnitOfWork, event: Envelope[RetireeVisitDue]) -> None:
    d = event.data
    await open_item(
        uow,
        BoardItem.of(BoardItemKind.retiree_visit, Office.personnel, d.visit_id, d.planned_on),
    )


async def on_retiree_visit_recorded(uow: UnitOfWork, event: Envelope[RetireeVisitRecorded]) -> None:
    await close_item(uow, BoardItemKind.retiree_visit, event.data.visit_id)


async def on_retiree_visit_cancelled(uow: UnitOfWork, event: Envelope[RetireeVisitCancelled]) -> None:
    await close_item(uow, BoardItemKind.retiree_visit, event.data.visit_id)


ELECTION_HANDLERS = handles(
    on_election_due,
    on_election_result_filed,
    on_congress_due,
    on_congress_committee_elected,
    on_party_election_due,
    on_party_committee_elected,
    on_retiree_visit_due,
    on_retiree_visit_recorded,
    on_retiree_visit_cancelled,
)


# ---- liaison: committees' terms -------------------------------------------------------------------


async def on_committee_term_expiring(uow: UnitOfWork, event: Envelope[CommitteeTermExpiring]) -> None:
    d = event.data
    await open_item(
        uow,
        BoardItem.of(
            BoardItemKind.committee_term,
            Office.liaison,
            election_source(d.committee_id, d.term_ends_on),
            d.term_ends_on,
        ),
    )


async def on_committee_term_renewed(uow: UnitOfWork, event: Envelope[CommitteeTermRenewed]) -> None:
    d = event.data
    await close_item(uow, BoardItemKind.committee_term, election_source(d.committee_id, d.previous_term_ends_on))


LIAISON_HANDLERS = handles(on_committee_term_expiring, on_committee_term_renewed)
