"""Proposals and motions over HTTP (參政議政): drafted and reviewed by office (`office.write`),
submitted by the office head (`office.approve`), the reply recorded and rated (`office.write`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service

from . import commands, queries
from .rules import TRANSITIONS, Body, ProposalKind, ProposalState, Rating
from .tables import Proposal

router = APIRouter(prefix="/proposals", tags=["proposals"])


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: Body
    kind: ProposalKind
    session_year: int = Field(ge=2000, le=2200, description="the year of the session")
    title: Annotated[Text, StringConstraints(max_length=300)]
    content: Annotated[Text, StringConstraints(max_length=20_000)]
    proposers: Annotated[Text, StringConstraints(max_length=500)] = Field(description="the members who bring it")


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[Text, StringConstraints(max_length=1000)] | None = None


class SubmitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    handling_organ: Annotated[Text, StringConstraints(max_length=200)] = Field(description="the organ that answers")
    submitted_on: Day
    reply_due_on: Day = Field(description="when the handling organ's reply is due (on the board)")


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    replied_on: Day
    reply_summary: Annotated[Text, StringConstraints(max_length=2000)]


class RateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: Rating


class ProposalOut(BaseModel):
    id: str
    body: Body
    kind: ProposalKind
    session_year: int
    title: str
    content: str
    proposers: str
    state: ProposalState
    review_note: str | None
    handling_organ: str | None
    submitted_on: date | None
    reply_due_on: date | None
    reply_overdue: bool
    replied_on: date | None
    reply_summary: str | None
    rating: Rating | None
    rated_on: date | None
    created_at: datetime
    allowed_commands: list[str]

    @classmethod
    def of(cls, p: Proposal, on: date) -> ProposalOut:
        state = ProposalState(p.state)
        return cls(
            id=p.id,
            body=Body(p.body),
            kind=ProposalKind(p.kind),
            session_year=p.session_year,
            title=p.title,
            content=p.content,
            proposers=p.proposers,
            state=state,
            review_note=p.review_note,
            handling_organ=p.handling_organ,
            submitted_on=p.submitted_on,
            reply_due_on=p.reply_due_on,
            reply_overdue=state is ProposalState.submitted and p.reply_due_on is not None and p.reply_due_on < on,
            replied_on=p.replied_on,
            reply_summary=p.reply_summary,
            rating=Rating(p.rating) if p.rating else None,
            rated_on=p.rated_on,
            created_at=p.created_at,
            allowed_commands=TRANSITIONS.commands(state),
        )


@router.get("", dependencies=[permit("office.read")], summary="Proposals and motions, the latest session first")
async def list_proposals(
    request: Request,
    body: Body | None = None,
    kind: ProposalKind | None = None,
    session_year: int | None = Query(None, ge=2000, le=2200),
    state: ProposalState | None = None,
    reply_overdue: bool | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ProposalOut]:
    svc = get_service(request)
    on = today(svc.clock)
    stmt = queries.proposals(
        body=body, kind=kind, session_year=session_year, state=state, reply_overdue=reply_overdue, on=on
    )
    async with svc.db.sessions() as s:
        return await paginate(s, stmt, page, lambda p: ProposalOut.of(p, on))


@router.post("", dependencies=[permit("office.write")], status_code=201, summary="Draft a proposal or motion")
async def draft_proposal(body: DraftIn, request: Request) -> ProposalOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await commands.draft(uow, commands.Draft(**body.model_dump()))
    return ProposalOut.of(p, today(svc.clock))


@router.get("/{proposal_id}", dependencies=[permit("office.read")], summary="A proposal or motion")
async def get_proposal(proposal_id: str, request: Request) -> ProposalOut:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return ProposalOut.of(await get_or_404(s, Proposal, "proposal", proposal_id), today(svc.clock))


async def _move(request: Request, proposal_id: str, command: str, note: str | None = None) -> ProposalOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await commands.move(uow, proposal_id, command, note)
    return ProposalOut.of(p, today(svc.clock))


@router.post("/{proposal_id}/review", dependencies=[permit("office.write")], summary="Send the draft to review")
async def review_proposal(proposal_id: str, request: Request) -> ProposalOut:
    return await _move(request, proposal_id, "review")


@router.post(
    "/{proposal_id}/return", dependencies=[permit("office.write")], summary="Return a draft in review, with a note"
)
async def return_proposal(proposal_id: str, body: Note, request: Request) -> ProposalOut:
    return await _move(request, proposal_id, "return", body.note)


@router.post(
    "/{proposal_id}/withdraw", dependencies=[permit("office.write")], summary="Withdraw a proposal not yet submitted"
)
async def withdraw_proposal(proposal_id: str, request: Request) -> ProposalOut:
    return await _move(request, proposal_id, "withdraw")


@router.post(
    "/{proposal_id}/submit",
    dependencies=[permit("office.approve")],
    summary="Submit a reviewed proposal to the session (the reply goes on the board by its due date)",
)
async def submit_proposal(proposal_id: str, body: SubmitIn, request: Request) -> ProposalOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await commands.submit(uow, commands.Submit(proposal_id=proposal_id, **body.model_dump()))
    return ProposalOut.of(p, today(svc.clock))


@router.post("/{proposal_id}/reply", dependencies=[permit("office.write")], summary="Record the handling organ's reply")
async def reply_proposal(proposal_id: str, body: ReplyIn, request: Request) -> ProposalOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await commands.reply(uow, commands.Reply(proposal_id=proposal_id, **body.model_dump()))
    return ProposalOut.of(p, today(svc.clock))


@router.post("/{proposal_id}/rate", dependencies=[permit("office.write")], summary="Rate the handling organ's reply")
async def rate_proposal(proposal_id: str, body: RateIn, request: Request) -> ProposalOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await commands.rate(uow, proposal_id, body.rating)
    return ProposalOut.of(p, today(svc.clock))
