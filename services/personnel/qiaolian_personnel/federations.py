"""Grassroots federations (市、縣、高校僑聯, 僑胞之家), their leadership and terms, and elections (換屆).

The end of each term is a deadline owned by the chassis scheduler: `federation.election_due` is
published once per term, `PERSONNEL_ELECTION_NOTICE_DAYS` (90) before it ends. A term that already
ends within the notice period (or has ended) when it is recorded is announced in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import FederationElectionDue, FederationElectionResultFiled, FederationLevel
from qiaolian_contracts.ids import new_id

from .database import deadlines
from .domain import FEDERATION_TERM, beijing_date
from .settings import PersonnelSettings
from .persistence import Election, Federation, FederationLeader

RESULT_FILED = "qiaolian.personnel.federation.election_result_filed.v1"

router = APIRouter(tags=["federations"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Role = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,30}$")]


class Leader(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    role: Role = Field(description="chair, vice_chair, secretary_general, ...")


class RegisterFederation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text
    level: FederationLevel
    region: Text | None = None
    term_no: int = Field(1, ge=1, le=100)
    term_starts_on: date
    term_ends_on: date
    leaders: list[Leader] = Field(default_factory=list, max_length=50)


class FileElection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: date
    approved_on: date
    approval_document: Text = Field(description="the approval's document number (批覆文號)")
    term_starts_on: date
    term_ends_on: date
    leaders: list[Leader] = Field(min_length=1, max_length=50)


class LeaderOut(BaseModel):
    name: str
    role: str
    term_no: int


class FederationOut(BaseModel):
    id: str
    name: str
    level: FederationLevel
    region: str | None
    term_no: int
    term_starts_on: date
    term_ends_on: date
    election_due_from: date = Field(description="from this date the election is due (notice before the term ends)")
    leaders: list[LeaderOut] | None = None


class ElectionOut(BaseModel):
    id: str
    federation_id: str
    held_on: date
    approved_on: date
    approval_document: str
    previous_term_ends_on: date
    term_no: int
    term_starts_on: date
    term_ends_on: date


def _out(f: Federation, leaders: list[FederationLeader] | None = None) -> FederationOut:
    notice = PersonnelSettings().election_notice_days
    return FederationOut(id=f.id, name=f.name, level=FederationLevel(f.level), region=f.region, term_no=f.term_no,
                         term_starts_on=f.term_starts_on, term_ends_on=f.term_ends_on,
                         election_due_from=f.term_ends_on - timedelta(days=notice),
                         leaders=None if leaders is None else [LeaderOut(name=x.name, role=x.role, term_no=x.term_no)
                                                               for x in leaders])


def _election_out(e: Election) -> ElectionOut:
    return ElectionOut(id=e.id, federation_id=e.federation_id, held_on=e.held_on, approved_on=e.approved_on,
                       approval_document=e.approval_document, previous_term_ends_on=e.previous_term_ends_on,
                       term_no=e.term_no, term_starts_on=e.term_starts_on, term_ends_on=e.term_ends_on)


async def _watch_term(uow: UnitOfWork, federation_id: str, ends_on: date) -> None:
    today = beijing_date(uow.now)
    await deadlines.set(uow, FEDERATION_TERM, federation_id, ends_on)
    await uow.session.flush()
    if ends_on < today:  # recorded after the term ended: the scheduler would only mark it overdue, silently
        uow.emit(federation_id, FederationElectionDue(federation_id=federation_id, term_ends_on=ends_on))
    await deadlines.run_once(uow, today)  # a term already in its notice period: announce now


def _check_term(starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise Invalid("term_ends_on", "must be after term_starts_on")


async def register(uow: UnitOfWork, body: RegisterFederation) -> Federation:
    _check_term(body.term_starts_on, body.term_ends_on)
    if await uow.session.scalar(sa.select(Federation.id).where(Federation.name == body.name)):
        raise Conflict(f"a federation named {body.name} is already registered")
    f = Federation(id=new_id(), name=body.name, level=body.level.value, region=body.region, term_no=body.term_no,
                   term_starts_on=body.term_starts_on, term_ends_on=body.term_ends_on, created_at=uow.now)
    uow.session.add(f)
    uow.session.add_all([FederationLeader(id=new_id(), federation_id=f.id, term_no=f.term_no, name=x.name, role=x.role)
                         for x in body.leaders])
    await uow.session.flush()
    await _watch_term(uow, f.id, f.term_ends_on)
    return f


async def file_election(uow: UnitOfWork, federation_id: str, body: FileElection) -> Election:
    f = await uow.session.get(Federation, federation_id, with_for_update=True)
    if f is None:
        raise NotFound(f"federation {federation_id} not found")
    _check_term(body.term_starts_on, body.term_ends_on)
    if body.approved_on < body.held_on:
        raise Invalid("approved_on", "must not be before held_on")
    if body.term_starts_on <= f.term_starts_on:
        raise Invalid("term_starts_on", "the new term must start after the current term started")
    if body.held_on > body.term_starts_on:
        raise Invalid("held_on", "the election must be held before the new term starts")
    e = Election(id=new_id(), federation_id=f.id, held_on=body.held_on, approved_on=body.approved_on,
                 approval_document=body.approval_document, previous_term_ends_on=f.term_ends_on,
                 term_no=f.term_no + 1, term_starts_on=body.term_starts_on, term_ends_on=body.term_ends_on,
                 created_at=uow.now)
    f.term_no, f.term_starts_on, f.term_ends_on = e.term_no, e.term_starts_on, e.term_ends_on
    uow.session.add(e)
    uow.session.add_all([FederationLeader(id=new_id(), federation_id=f.id, term_no=e.term_no, name=x.name,
                                          role=x.role) for x in body.leaders])
    uow.emit(f.id, FederationElectionResultFiled(
        federation_id=f.id, election_id=e.id, previous_term_ends_on=e.previous_term_ends_on,
        new_term_starts_on=e.term_starts_on, new_term_ends_on=e.term_ends_on))
    await uow.session.flush()
    await _watch_term(uow, f.id, f.term_ends_on)
    return e


@router.post("/federations", status_code=201, summary="Register a grassroots federation with its current term")
async def register_federation(body: RegisterFederation, request: Request) -> FederationOut:
    async with get_service(request).uow() as uow:
        f = await register(uow, body)
    return _out(f)


@router.get("/federations", summary="List grassroots federations")
async def list_federations(request: Request, level: FederationLevel | None = None,
                           term_ends_before: date | None = None,
                           page: PageParams = Depends(page_params)) -> Page[FederationOut]:
    where = []
    if level:
        where.append(Federation.level == level.value)
    if term_ends_before:
        where.append(Federation.term_ends_on < term_ends_before)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Federation).where(*where).order_by(Federation.term_ends_on, Federation.id),
                              page, _out)


@router.get("/federations/{federation_id}", summary="One federation with its current leadership")
async def get_federation(federation_id: str, request: Request) -> FederationOut:
    async with get_service(request).db.sessions() as s:
        f = await s.get(Federation, federation_id)
        if f is None:
            raise NotFound(f"federation {federation_id} not found")
        leaders = (await s.scalars(sa.select(FederationLeader).where(
            FederationLeader.federation_id == f.id, FederationLeader.term_no == f.term_no)
            .order_by(FederationLeader.role, FederationLeader.name))).all()
    return _out(f, list(leaders))


@router.post("/federations/{federation_id}/elections", status_code=201,
             summary="File an election's result with its approval; the new term starts")
async def post_election(federation_id: str, body: FileElection, request: Request) -> ElectionOut:
    async with get_service(request).uow() as uow:
        e = await file_election(uow, federation_id, body)
    return _election_out(e)


@router.get("/federations/{federation_id}/elections", summary="A federation's elections")
async def list_elections(federation_id: str, request: Request, held_after: date | None = None,
                         page: PageParams = Depends(page_params)) -> Page[ElectionOut]:
    where = [Election.federation_id == federation_id] + ([Election.held_on > held_after] if held_after else [])
    async with get_service(request).db.sessions() as s:
        if await s.get(Federation, federation_id) is None:
            raise NotFound(f"federation {federation_id} not found")
        return await paginate(s, sa.select(Election).where(*where).order_by(Election.held_on, Election.id),
                              page, _election_out)
