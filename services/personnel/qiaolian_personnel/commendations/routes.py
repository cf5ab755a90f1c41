"""HTTP API of commendations: the call, nominations, the public notice with objections, the award."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Page, PageParams, YearQuery, page_params, paginate
from qiaolian_chassis.service import get_service

from . import commands, queries
from .rules import CommendationState, NominationState, ObjectionState
from .tables import Commendation, Nomination, Objection

router = APIRouter(tags=["commendations"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


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
    state: ObjectionState


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
    return CommendationOut(
        id=c.id,
        title=c.title,
        year=c.year,
        state=CommendationState(c.state),
        notice_starts_on=c.notice_starts_on,
        notice_ends_on=c.notice_ends_on,
        decided_on=c.decided_on,
        created_at=c.created_at,
        nominations=None if nominations is None else [_nomination_out(n) for n in nominations],
    )


def _nomination_out(n: Nomination) -> NominationOut:
    return NominationOut(
        id=n.id,
        commendation_id=n.commendation_id,
        nominee_kind=n.nominee_kind,
        nominee_name=n.nominee_name,
        cadre_id=n.cadre_id,
        state=n.state,
    )


def _objection_out(o: Objection) -> ObjectionOut:
    return ObjectionOut(id=o.id, nomination_id=o.nomination_id, lodged_on=o.lodged_on, summary=o.summary, state=o.state)


async def _respond(request: Request, commendation_id: str) -> CommendationOut:
    async with get_service(request).db.sessions() as s:
        c = await get_or_404(s, Commendation, "commendation", commendation_id)
        return _out(c, list((await s.scalars(queries.nominations(c.id))).all()))


@router.post(
    "/commendations",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Call for nominations (評比表彰)",
)
async def post_call(body: Call, request: Request) -> CommendationOut:
    async with get_service(request).uow() as uow:
        c = await commands.call(uow, commands.CallForNominations(**body.model_dump()))
    return _out(c, [])


@router.get("/commendations", dependencies=[permit("personnel.read")], summary="List commendations")
async def list_commendations(
    request: Request,
    state: CommendationState | None = None,
    year: YearQuery = None,
    page: PageParams = Depends(page_params),
) -> Page[CommendationOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.commendations(state=state, year=year), page, _out)


@router.get(
    "/commendations/{commendation_id}",
    dependencies=[permit("personnel.read")],
    summary="One commendation with its nominations",
)
async def get_commendation(commendation_id: str, request: Request) -> CommendationOut:
    return await _respond(request, commendation_id)


@router.post("/commendations/{commendation_id}/nominations", status_code=201, summary="Nominate")
async def post_nomination(
    commendation_id: str, body: Nominate, request: Request, who: Principal = permit("personnel.write")
) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await commands.nominate(
            uow, commands.Nominate(commendation_id=commendation_id, by=who, **body.model_dump())
        )
    return _nomination_out(n)


@router.get(
    "/commendations/{commendation_id}/nominations",
    dependencies=[permit("personnel.read")],
    summary="A commendation's nominations",
)
async def list_nominations(
    commendation_id: str,
    request: Request,
    state: NominationState | None = None,
    page: PageParams = Depends(page_params),
) -> Page[NominationOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Commendation, "commendation", commendation_id)
        return await paginate(s, queries.nominations(commendation_id, state=state), page, _nomination_out)


@router.post(
    "/commendations/{commendation_id}/nominations/{nomination_id}/review",
    summary="Approve or not",
)
async def post_review(
    commendation_id: str,
    nomination_id: str,
    body: ReviewNomination,
    request: Request,
    who: Principal = permit("personnel.approve"),
) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await commands.review(
            uow,
            commands.ReviewNomination(
                commendation_id=commendation_id,
                nomination_id=nomination_id,
                approved=body.approved,
                by=who,
            ),
        )
    return _nomination_out(n)


@router.post("/commendations/{commendation_id}/publicize", summary="Start the public notice period (公示)")
async def post_publicize(
    commendation_id: str, request: Request, who: Principal = permit("personnel.approve")
) -> CommendationOut:
    async with get_service(request).uow() as uow:
        await commands.publicize(uow, commands.Publicize(commendation_id=commendation_id, by=who))
    return await _respond(request, commendation_id)


@router.post(
    "/commendations/{commendation_id}/nominations/{nomination_id}/objections",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Lodge an objection during the notice period",
)
async def post_objection(commendation_id: str, nomination_id: str, body: Lodge, request: Request) -> ObjectionOut:
    async with get_service(request).uow() as uow:
        o = await commands.lodge_objection(
            uow,
            commands.LodgeObjection(commendation_id=commendation_id, nomination_id=nomination_id, summary=body.summary),
        )
    return _objection_out(o)


@router.get(
    "/commendations/{commendation_id}/objections", dependencies=[permit("personnel.read")], summary="Objections lodged"
)
async def list_objections(
    commendation_id: str, request: Request, state: ObjectionState | None = None, page: PageParams = Depends(page_params)
) -> Page[ObjectionOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Commendation, "commendation", commendation_id)
        return await paginate(s, queries.objections(commendation_id, state=state), page, _objection_out)


@router.post(
    "/commendations/{commendation_id}/objections/{objection_id}/resolve",
    summary="Uphold (withdraws the nomination) or dismiss an objection",
)
async def post_resolve(
    commendation_id: str,
    objection_id: str,
    body: Resolve,
    request: Request,
    who: Principal = permit("personnel.approve"),
) -> ObjectionOut:
    async with get_service(request).uow() as uow:
        o = await commands.resolve_objection(
            uow,
            commands.ResolveObjection(
                commendation_id=commendation_id, objection_id=objection_id, upheld=body.upheld, by=who
            ),
        )
    return _objection_out(o)


@router.post("/commendations/{commendation_id}/award", summary="Decide the awards after the notice period")
async def post_award(
    commendation_id: str, request: Request, who: Principal = permit("personnel.approve")
) -> CommendationOut:
    async with get_service(request).uow() as uow:
        await commands.award(uow, commands.Award(commendation_id=commendation_id, by=who))
    return await _respond(request, commendation_id)
