"""Commendation (評比表彰): call, nominations, review, public notice (公示) with objections, decision.

The notice runs `PERSONNEL_COMMENDATION_NOTICE_DAYS` (7) days from the day it is published, both
ends included; objections are accepted until its last day, and nobody is awarded before the day
after it (409 with the notice's last day). An objection that is upheld withdraws the nomination;
open objections must be resolved before the decision.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import CommendationAwarded, CommendationPublicized
from qiaolian_contracts.ids import new_id

from .domain import (
    CommendationState,
    beijing_date,
    notice_ends_on,
    require_commendation,
    require_notice_open,
    require_notice_over,
)
from .persistence import Cadre, Commendation, Nomination, Objection
from .settings import PersonnelSettings

PUBLICIZED = "qiaolian.personnel.commendation.publicized.v1"
AWARDED = "qiaolian.personnel.commendation.awarded.v1"

router = APIRouter(tags=["commendations"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
NominationState = Literal["nominated", "approved", "not_approved", "withdrawn", "awarded"]


class Call(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text
    year: int = Field(ge=2000, le=2100)


class Nominate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nominee_kind: Literal["individual", "collective"]
    nominee_name: Text
    cadre_id: str | None = Field(None, max_length=64, description="when the nominee is one of the federation's cadres")


class ReviewNomination(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved: bool


class Lodge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Resolve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    upheld: bool


class NominationOut(BaseModel):
    id: str
    commendation_id: str
    nominee_kind: str
    nominee_name: str
    cadre_id: str | None
    state: NominationState


class ObjectionOut(BaseModel):
    id: str
    nomination_id: str
    lodged_on: date
    summary: str
    state: Literal["lodged", "upheld", "dismissed"]


class CommendationOut(BaseModel):
    id: str
    title: str
    year: int
    state: CommendationState
    notice_starts_on: date | None
    notice_ends_on: date | None
    decided_on: date | None
    created_at: datetime
    nominations: list[NominationOut] | None = None


def _out(c: Commendation, nominations: list[Nomination] | None = None) -> CommendationOut:
    return CommendationOut(id=c.id, title=c.title, year=c.year, state=CommendationState(c.state),
                           notice_starts_on=c.notice_starts_on, notice_ends_on=c.notice_ends_on,
                           decided_on=c.decided_on, created_at=c.created_at,
                           nominations=None if nominations is None else [_nomination_out(n) for n in nominations])


def _nomination_out(n: Nomination) -> NominationOut:
    return NominationOut(id=n.id, commendation_id=n.commendation_id, nominee_kind=n.nominee_kind,
                         nominee_name=n.nominee_name, cadre_id=n.cadre_id, state=n.state)  # type: ignore[arg-type]


def _objection_out(o: Objection) -> ObjectionOut:
    return ObjectionOut(id=o.id, nomination_id=o.nomination_id, lodged_on=o.lodged_on, summary=o.summary,
                        state=o.state)  # type: ignore[arg-type]


async def _commendation(uow: UnitOfWork, commendation_id: str) -> Commendation:
    c = await uow.session.get(Commendation, commendation_id, with_for_update=True)
    if c is None:
        raise NotFound(f"commendation {commendation_id} not found")
    return c


async def _nomination(uow: UnitOfWork, c: Commendation, nomination_id: str) -> Nomination:
    n = await uow.session.get(Nomination, nomination_id, with_for_update=True)
    if n is None or n.commendation_id != c.id:
        raise NotFound(f"nomination {nomination_id} not found in commendation {c.id}")
    return n


async def _nominations(session: sa.ext.asyncio.AsyncSession, commendation_id: str,
                       state: str | None = None) -> list[Nomination]:
    where = [Nomination.commendation_id == commendation_id] + ([Nomination.state == state] if state else [])
    return list((await session.scalars(sa.select(Nomination).where(*where)
                                       .order_by(Nomination.created_at, Nomination.id))).all())


async def call(uow: UnitOfWork, body: Call) -> Commendation:
    c = Commendation(id=new_id(), title=body.title, year=body.year, state=CommendationState.called.value,
                     created_at=uow.now)
    uow.session.add(c)
    return c


async def nominate(uow: UnitOfWork, commendation_id: str, body: Nominate) -> Nomination:
    c = await _commendation(uow, commendation_id)
    require_commendation(CommendationState(c.state), "nominate")
    if body.cadre_id is not None:
        if body.nominee_kind != "individual":
            raise Invalid("cadre_id", "only an individual nominee can be a cadre")
        if await uow.session.get(Cadre, body.cadre_id) is None:
            raise Invalid("cadre_id", "no such cadre")
    n = Nomination(id=new_id(), commendation_id=c.id, nominee_kind=body.nominee_kind, nominee_name=body.nominee_name,
                   cadre_id=body.cadre_id, state="nominated", created_at=uow.now)
    uow.session.add(n)
    return n


async def review(uow: UnitOfWork, commendation_id: str, nomination_id: str, approved: bool) -> Nomination:
    c = await _commendation(uow, commendation_id)
    require_commendation(CommendationState(c.state), "review")
    n = await _nomination(uow, c, nomination_id)
    n.state = "approved" if approved else "not_approved"
    return n


async def publicize(uow: UnitOfWork, commendation_id: str, settings: PersonnelSettings | None = None) -> Commendation:
    c = await _commendation(uow, commendation_id)
    require_commendation(CommendationState(c.state), "publicize")
    nominations = await _nominations(uow.session, c.id)
    pending = [n.id for n in nominations if n.state == "nominated"]
    if pending:
        raise Conflict(f"{len(pending)} nominations are not reviewed yet", pending_nominations=pending)
    approved = [n.id for n in nominations if n.state == "approved"]
    if not approved:
        raise Conflict("no nomination was approved: nothing to publicize", current_state=c.state)
    days = (settings or PersonnelSettings()).commendation_notice_days
    c.notice_starts_on = beijing_date(uow.now)
    c.notice_ends_on = notice_ends_on(c.notice_starts_on, days)
    c.state = CommendationState.publicized.value
    uow.emit(c.id, CommendationPublicized(commendation_id=c.id, nomination_ids=approved,
                                                      notice_starts_on=c.notice_starts_on,
                                                      notice_ends_on=c.notice_ends_on))
    return c


async def lodge_objection(uow: UnitOfWork, commendation_id: str, nomination_id: str, summary: str) -> Objection:
    c = await _commendation(uow, commendation_id)
    require_commendation(CommendationState(c.state), "object")
    today = beijing_date(uow.now)
    assert c.notice_ends_on is not None
    require_notice_open(today, c.notice_ends_on)
    n = await _nomination(uow, c, nomination_id)
    if n.state != "approved":
        raise Conflict(f"nomination {n.id} is {n.state}, not on public notice", current_state=n.state)
    o = Objection(id=new_id(), nomination_id=n.id, lodged_on=today, summary=summary, state="lodged",
                  created_at=uow.now)
    uow.session.add(o)
    return o


async def resolve_objection(uow: UnitOfWork, commendation_id: str, objection_id: str, upheld: bool) -> Objection:
    c = await _commendation(uow, commendation_id)
    require_commendation(CommendationState(c.state), "resolve objection")
    o = await uow.session.get(Objection, objection_id, with_for_update=True)
    n = await uow.session.get(Nomination, o.nomination_id) if o is not None else None
    if o is None or n is None or n.commendation_id != c.id:
        raise NotFound(f"objection {objection_id} not found in commendation {c.id}")
    if o.state != "lodged":
        raise Conflict(f"objection {o.id} was already {o.state}", current_state=o.state)
    o.state = "upheld" if upheld else "dismissed"
    if upheld:
        n.state = "withdrawn"
    return o


async def award(uow: UnitOfWork, commendation_id: str) -> Commendation:
    c = await _commendation(uow, commendation_id)
    require_commendation(CommendationState(c.state), "award")
    today = beijing_date(uow.now)
    assert c.notice_ends_on is not None
    require_notice_over(today, c.notice_ends_on)
    open_objections = (await uow.session.scalars(sa.select(Objection.id).join(Nomination).where(
        Nomination.commendation_id == c.id, Objection.state == "lodged"))).all()
    if open_objections:
        raise Conflict(f"{len(open_objections)} objections are not resolved", open_objections=list(open_objections))
    awarded = await _nominations(uow.session, c.id, "approved")
    for n in awarded:
        n.state = "awarded"
    c.state, c.decided_on = CommendationState.awarded.value, today
    uow.emit(c.id, CommendationAwarded(commendation_id=c.id, nomination_ids=[n.id for n in awarded],
                                                decided_on=today))
    return c


async def _respond(request: Request, commendation_id: str) -> CommendationOut:
    async with get_service(request).db.sessions() as s:
        c = await s.get(Commendation, commendation_id)
        if c is None:
            raise NotFound(f"commendation {commendation_id} not found")
        return _out(c, await _nominations(s, c.id))


@router.post("/commendations", status_code=201, summary="Call for nominations (評比表彰)")
async def post_call(body: Call, request: Request) -> CommendationOut:
    async with get_service(request).uow() as uow:
        c = await call(uow, body)
    return _out(c, [])


@router.get("/commendations", summary="List commendations")
async def list_commendations(request: Request, state: CommendationState | None = None, year: int | None = None,
                             page: PageParams = Depends(page_params)) -> Page[CommendationOut]:
    where = []
    if state:
        where.append(Commendation.state == state.value)
    if year:
        where.append(Commendation.year == year)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Commendation).where(*where)
                              .order_by(Commendation.year.desc(), Commendation.id), page, _out)


@router.get("/commendations/{commendation_id}", summary="One commendation with its nominations")
async def get_commendation(commendation_id: str, request: Request) -> CommendationOut:
    return await _respond(request, commendation_id)


@router.post("/commendations/{commendation_id}/nominations", status_code=201, summary="Nominate")
async def post_nomination(commendation_id: str, body: Nominate, request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await nominate(uow, commendation_id, body)
    return _nomination_out(n)


@router.get("/commendations/{commendation_id}/nominations", summary="A commendation's nominations")
async def list_nominations(commendation_id: str, request: Request, state: NominationState | None = None,
                           page: PageParams = Depends(page_params)) -> Page[NominationOut]:
    where = [Nomination.commendation_id == commendation_id] + ([Nomination.state == state] if state else [])
    async with get_service(request).db.sessions() as s:
        if await s.get(Commendation, commendation_id) is None:
            raise NotFound(f"commendation {commendation_id} not found")
        return await paginate(s, sa.select(Nomination).where(*where).order_by(Nomination.created_at, Nomination.id),
                              page, _nomination_out)


@router.post("/commendations/{commendation_id}/nominations/{nomination_id}/review", summary="Approve or not")
async def post_review(commendation_id: str, nomination_id: str, body: ReviewNomination,
                      request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await review(uow, commendation_id, nomination_id, body.approved)
    return _nomination_out(n)


@router.post("/commendations/{commendation_id}/publicize", summary="Start the public notice period (公示)")
async def post_publicize(commendation_id: str, request: Request) -> CommendationOut:
    async with get_service(request).uow() as uow:
        await publicize(uow, commendation_id)
    return await _respond(request, commendation_id)


@router.post("/commendations/{commendation_id}/nominations/{nomination_id}/objections", status_code=201,
             summary="Lodge an objection during the notice period")
async def post_objection(commendation_id: str, nomination_id: str, body: Lodge, request: Request) -> ObjectionOut:
    async with get_service(request).uow() as uow:
        o = await lodge_objection(uow, commendation_id, nomination_id, body.summary)
    return _objection_out(o)


@router.get("/commendations/{commendation_id}/objections", summary="Objections lodged")
async def list_objections(commendation_id: str, request: Request,
                          state: Literal["lodged", "upheld", "dismissed"] | None = None,
                          page: PageParams = Depends(page_params)) -> Page[ObjectionOut]:
    where = [Nomination.commendation_id == commendation_id] + ([Objection.state == state] if state else [])
    async with get_service(request).db.sessions() as s:
        if await s.get(Commendation, commendation_id) is None:
            raise NotFound(f"commendation {commendation_id} not found")
        return await paginate(s, sa.select(Objection).join(Nomination).where(*where)
                              .order_by(Objection.created_at, Objection.id), page, _objection_out)


@router.post("/commendations/{commendation_id}/objections/{objection_id}/resolve",
             summary="Uphold (withdraws the nomination) or dismiss an objection")
async def post_resolve(commendation_id: str, objection_id: str, body: Resolve, request: Request) -> ObjectionOut:
    async with get_service(request).uow() as uow:
        o = await resolve_objection(uow, commendation_id, objection_id, body.upheld)
    return _objection_out(o)


@router.post("/commendations/{commendation_id}/award", summary="Decide the awards after the notice period")
async def post_award(commendation_id: str, request: Request) -> CommendationOut:
    async with get_service(request).uow() as uow:
        await award(uow, commendation_id)
    return await _respond(request, commendation_id)
