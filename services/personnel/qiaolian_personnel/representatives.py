"""Returnee and relative representatives in people's congresses (人大) and CPPCC (政協): nomination, seat, term.

nominated -> seated (with the term) -> term_ended; nominated -> not_seated.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import Assembly, AssemblyLevel, RepresentativeSeated
from qiaolian_contracts.ids import new_id

from .domain import require
from .database import Base

SEATED = "qiaolian.personnel.representative.seated.v1"

router = APIRouter(prefix="/representatives", tags=["representatives"])
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class RepState(StrEnum):
    nominated = "nominated"
    seated = "seated"
    not_seated = "not_seated"
    term_ended = "term_ended"


COMMANDS = {"seat": frozenset({RepState.nominated}), "decline": frozenset({RepState.nominated}),
            "end_term": frozenset({RepState.seated})}


def _require(state: RepState, command: str) -> None:
    require("representative", COMMANDS, state, command)


class Representative(Base):
    __tablename__ = "representatives"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    identity: Mapped[str] = mapped_column(sa.String(30))  # returnee, relative
    assembly: Mapped[str] = mapped_column(sa.String(20), index=True)
    level: Mapped[str] = mapped_column(sa.String(20), index=True)
    session_no: Mapped[int] = mapped_column(sa.Integer)  # 屆
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    nominated_on: Mapped[date] = mapped_column(sa.Date)
    seated_on: Mapped[date | None] = mapped_column(sa.Date)
    term_ends_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Nominate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    identity: str = Field(pattern="^(returnee|relative)$")
    assembly: Assembly
    level: AssemblyLevel
    session_no: int = Field(ge=1, le=100, description="the assembly's session (屆)")
    nominated_on: date


class Seat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seated_on: date
    term_ends_on: date


class EndTerm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: date


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


def _out(r: Representative) -> RepresentativeOut:
    return RepresentativeOut(id=r.id, name=r.name, identity=r.identity, assembly=Assembly(r.assembly),
                             level=AssemblyLevel(r.level), session_no=r.session_no, state=RepState(r.state),
                             nominated_on=r.nominated_on, seated_on=r.seated_on, term_ends_on=r.term_ends_on)


async def _get(uow: UnitOfWork, rep_id: str) -> Representative:
    r = await uow.session.get(Representative, rep_id, with_for_update=True)
    if r is None:
        raise NotFound(f"representative {rep_id} not found")
    return r


async def nominate(uow: UnitOfWork, body: Nominate) -> Representative:
    r = Representative(id=new_id(), name=body.name, identity=body.identity, assembly=body.assembly.value,
                       level=body.level.value, session_no=body.session_no, state=RepState.nominated.value,
                       nominated_on=body.nominated_on, created_at=uow.now)
    uow.session.add(r)
    return r


async def seat(uow: UnitOfWork, rep_id: str, body: Seat) -> Representative:
    r = await _get(uow, rep_id)
    _require(RepState(r.state), "seat")
    if body.seated_on < r.nominated_on:
        raise Invalid("seated_on", "before the nomination")
    if body.term_ends_on <= body.seated_on:
        raise Invalid("term_ends_on", "must be after seated_on")
    r.state, r.seated_on, r.term_ends_on = RepState.seated.value, body.seated_on, body.term_ends_on
    uow.emit(r.id, RepresentativeSeated(representative_id=r.id, assembly=Assembly(r.assembly),
                                                level=AssemblyLevel(r.level), session_no=r.session_no,
                                                seated_on=body.seated_on, term_ends_on=body.term_ends_on))
    return r


async def decline(uow: UnitOfWork, rep_id: str) -> Representative:
    r = await _get(uow, rep_id)
    _require(RepState(r.state), "decline")
    r.state = RepState.not_seated.value
    return r


async def end_term(uow: UnitOfWork, rep_id: str, body: EndTerm) -> Representative:
    r = await _get(uow, rep_id)
    _require(RepState(r.state), "end_term")
    if r.seated_on and body.ended_on < r.seated_on:
        raise Invalid("ended_on", "before the seat was taken")
    r.state, r.term_ends_on = RepState.term_ended.value, body.ended_on
    return r


@router.post("", status_code=201, summary="Nominate a returnee or relative as representative")
async def post_nomination(body: Nominate, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await nominate(uow, body)
    return _out(r)


@router.get("", summary="Representatives in people's congresses and CPPCC")
async def list_representatives(request: Request, assembly: Assembly | None = None, level: AssemblyLevel | None = None,
                               state: RepState | None = None,
                               page: PageParams = Depends(page_params)) -> Page[RepresentativeOut]:
    where = []
    if assembly:
        where.append(Representative.assembly == assembly.value)
    if level:
        where.append(Representative.level == level.value)
    if state:
        where.append(Representative.state == state.value)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Representative).where(*where)
                              .order_by(Representative.nominated_on.desc(), Representative.id), page, _out)


@router.get("/{rep_id}", summary="One representative")
async def get_representative(rep_id: str, request: Request) -> RepresentativeOut:
    async with get_service(request).db.sessions() as s:
        r = await s.get(Representative, rep_id)
    if r is None:
        raise NotFound(f"representative {rep_id} not found")
    return _out(r)


@router.post("/{rep_id}/seat", summary="Record the seat and its term")
async def post_seat(rep_id: str, body: Seat, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await seat(uow, rep_id, body)
    return _out(r)


@router.post("/{rep_id}/not-seated", summary="The nomination did not lead to a seat")
async def post_not_seated(rep_id: str, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await decline(uow, rep_id)
    return _out(r)


@router.post("/{rep_id}/end-term", summary="The term ended")
async def post_end_term(rep_id: str, body: EndTerm, request: Request) -> RepresentativeOut:
    async with get_service(request).uow() as uow:
        r = await end_term(uow, rep_id, body)
    return _out(r)
