"""HTTP API of representatives in people's congresses and the CPPCC."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.personnel import Assembly, AssemblyLevel, TermEndReason

from . import commands, queries
from .rules import RepState
from .tables import Representative

router = APIRouter(prefix="/representatives", tags=["representatives"])
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Nominate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    identity: str = Field(pattern="^(returnee|relative)$")
    assembly: Assembly
    level: AssemblyLevel
    session_no: int = Field(ge=1, le=100, description="the assembly's session (屆)")
    nominated_on: Day


class Seat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seated_on: Day
    term_ends_on: Day


class EndTerm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: Day
    reason: TermEndReason = Field(
        TermEndReason.served,
        description="served to its end; re_elected (the next session's seat is nominated anew); replaced early",
    )


class RepresentativeOut(BaseModel):
    id: str
    name: str
    identity: str
    assembly: Assembly
    level: AssemblyLevel
    session_no: int
    state: RepState
    nominated_on: date
    seated_on: date | None
    term_ends_on: date | None
    end_reason: TermEndReason | None = Field(description="why the term ended; null while it runs")


def _out(r: Representative) -> RepresentativeOut:
    return RepresentativeOut(
        id=r.id,
        name=r.name,
        identity=r.identity,
        assembly=Assembly(r.assembly),
        level=AssemblyLevel(r.level),
        session_no=r.session_no,
        state=RepState(r.state),
        nominated_on=r.nominated_on,
        seated_on=r.seated_on,
        term_ends_on=r.term_ends_on,
        end_reason=TermEndReason(r.end_reason) if r.end_reason else None,
    )


@router.post(
    "",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Nominate a returnee or relative as representative",
)
async def post_nomination(body: Nominate, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await commands.nominate(uow, commands.NominateRepresentative(**body.model_dump()))
    return _out(r)


@router.get("", dependencies=[permit("personnel.read")], summary="Representatives in people's congresses and CPPCC")
async def list_representatives(
    request: Request,
    assembly: Assembly | None = None,
    level: AssemblyLevel | None = None,
    state: RepState | None = None,
    page: PageParams = Depends(page_params),
) -> Page[RepresentativeOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.representatives(assembly=assembly, level=level, state=state), page, _out)


@router.get("/{rep_id}", dependencies=[permit("personnel.read")], summary="One representative")
async def get_representative(rep_id: str, request: Request) -> RepresentativeOut:
    async with get_service(request).db.sessions() as s:
        r = await get_or_404(s, Representative, "representative", rep_id)
    return _out(r)


@router.post("/{rep_id}/seat", dependencies=[permit("personnel.write")], summary="Record the seat and its term")
async def post_seat(rep_id: str, body: Seat, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await commands.seat(uow, commands.SeatRepresentative(representative_id=rep_id, **body.model_dump()))
    return _out(r)


@router.post(
    "/{rep_id}/not-seated", dependencies=[permit("personnel.write")], summary="The nomination did not lead to a seat"
)
async def post_not_seated(rep_id: str, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await commands.decline(uow, commands.DeclineRepresentative(representative_id=rep_id))
    return _out(r)


@router.post("/{rep_id}/end-term", dependencies=[permit("personnel.write")], summary="The term ended")
async def post_end_term(rep_id: str, body: EndTerm, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await commands.end_term(
            uow, commands.EndTerm(representative_id=rep_id, ended_on=body.ended_on, reason=body.reason)
        )
    return _out(r)
