"""Proposals' commands: draft, review, return, submit (proposal.submitted; the reply on the board),
record the handling organ's reply (proposal.replied; off the board), rate it (proposal.rated),
withdraw. Events carry ids, codes and dates; the text, the proposers and the organ stay in office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import ProposalRated, ProposalReplied, ProposalSubmitted
from qiaolian_contracts.ids import new_id

from ..supervision.commands import BoardItem, close_item, open_item
from .rules import (
    TRANSITIONS,
    Body,
    ProposalKind,
    ProposalState,
    Rating,
    check_kind,
    check_reply,
    check_session_year,
    check_submission,
)
from .tables import Proposal


@dataclass(frozen=True)
class Draft:
    body: Body
    kind: ProposalKind
    session_year: int
    title: str
    content: str
    proposers: str


@dataclass(frozen=True)
class Submit:
    proposal_id: str
    handling_organ: str
    submitted_on: date
    reply_due_on: date


@dataclass(frozen=True)
class Reply:
    proposal_id: str
    replied_on: date
    reply_summary: str


async def draft(uow: UnitOfWork, cmd: Draft) -> Proposal:
    check_kind(cmd.body, cmd.kind)
    check_session_year(cmd.session_year, uow.today)
    p = Proposal(
        id=new_id(),
        body=cmd.body.value,
        kind=cmd.kind.value,
        session_year=cmd.session_year,
        title=cmd.title,
        content=cmd.content,
        proposers=cmd.proposers,
        state=ProposalState.drafting.value,
        created_at=uow.now,
    )
    uow.session.add(p)
    await uow.session.flush()
    return p


async def _load(uow: UnitOfWork, proposal_id: str, command: str) -> tuple[Proposal, ProposalState]:
    p: Proposal = await get_or_404(uow.session, Proposal, "proposal", proposal_id, for_update=True)
    return p, TRANSITIONS.apply(ProposalState(p.state), command)


async def move(uow: UnitOfWork, proposal_id: str, command: str, note: str | None = None) -> Proposal:
    """review, return (with the reviewer's note) or withdraw."""
    p, state = await _load(uow, proposal_id, command)
    p.state = state.value
    if note is not None:
        p.review_note = note
    return p


async def submit(uow: UnitOfWork, cmd: Submit) -> Proposal:
    p, state = await _load(uow, cmd.proposal_id, "submit")
    check_submission(cmd.submitted_on, cmd.reply_due_on, uow.today)
    p.state, p.handling_organ = state.value, cmd.handling_organ
    p.submitted_on, p.reply_due_on = cmd.submitted_on, cmd.reply_due_on
    await open_item(
        uow,
        BoardItem.of(BoardItemKind.proposal_reply, Office.office, p.id, cmd.reply_due_on),
    )
    uow.emit(
        p.id,
        ProposalSubmitted(
            proposal_id=p.id,
            body=p.body,
            kind=p.kind,
            session_year=p.session_year,
            submitted_on=cmd.submitted_on,
            reply_due_on=cmd.reply_due_on,
        ),
    )
    return p


async def reply(uow: UnitOfWork, cmd: Reply) -> Proposal:
    p, state = await _load(uow, cmd.proposal_id, "reply")
    assert p.submitted_on is not None and p.reply_due_on is not None, "a submitted proposal has its dates"
    check_reply(cmd.replied_on, p.submitted_on, uow.today)
    p.state, p.replied_on, p.reply_summary = state.value, cmd.replied_on, cmd.reply_summary
    await close_item(uow, BoardItemKind.proposal_reply, p.id)
    uow.emit(
        p.id,
        ProposalReplied(
            proposal_id=p.id,
            replied_on=cmd.replied_on,
            reply_due_on=p.reply_due_on,
            late=cmd.replied_on > p.reply_due_on,
        ),
    )
    return p


async def rate(uow: UnitOfWork, proposal_id: str, rating: Rating) -> Proposal:
    p, state = await _load(uow, proposal_id, "rate")
    p.state, p.rating, p.rated_on = state.value, rating.value, uow.today
    uow.emit(p.id, ProposalRated(proposal_id=p.id, rating=rating.value, rated_on=uow.today))
    return p
