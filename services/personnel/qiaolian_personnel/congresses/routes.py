"""HTTP API of the congress of returnees and relatives (歸僑僑眷代表大會)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service

from . import commands, queries
from .rules import CongressState
from .tables import CommitteeMember, Congress, CongressDelegate, CongressQuota

router = APIRouter(prefix="/congresses", tags=["congresses"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Role = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,30}$")]


class ScheduleCongress(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text
    session_no: int = Field(ge=1, le=100, description="第N次")
    held_on: Day


class SetQuota(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seats: int = Field(ge=0, le=1000)


class NominateDelegate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    federation_id: Id
    name: Name
    identity_review_id: Id | None = None


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delegate_id: Id
    role: Role = Field(description="chair, vice_chair, member, ...")


class ElectCommittee(BaseModel):
    model_config = ConfigDict(extra="forbid")
    members: list[Member] = Field(min_length=1, max_length=500)


class QuotaOut(BaseModel):
    federation_id: str
    seats: int
    nominated: int


class CongressOut(BaseModel):
    id: str
    name: str
    session_no: int
    held_on: date
    state: CongressState
    quotas: list[QuotaOut] | None = None


class DelegateOut(BaseModel):
    id: str
    federation_id: str
    name: str
    identity_review_id: str | None
    identity_review_state: str | None = Field(description="submitted, returned, verified, filed; null without a review")


class MemberOut(BaseModel):
    delegate_id: str
    name: str
    federation_id: str
    role: str


def _out(c: Congress, quotas: list[tuple[CongressQuota, int]] | None = None) -> CongressOut:
    return CongressOut(
        id=c.id,
        name=c.name,
        session_no=c.session_no,
        held_on=c.held_on,
        state=CongressState(c.state),
        quotas=None
        if quotas is None
        else [QuotaOut(federation_id=q.federation_id, seats=q.seats, nominated=n) for q, n in quotas],
    )


def _delegate_out(row: tuple[CongressDelegate, str | None]) -> DelegateOut:
    d, state = row
    return DelegateOut(
        id=d.id,
        federation_id=d.federation_id,
        name=d.name,
        identity_review_id=d.identity_review_id,
        identity_review_state=state,
    )


def _member_out(m: CommitteeMember, d: CongressDelegate) -> MemberOut:
    return MemberOut(delegate_id=d.id, name=d.name, federation_id=d.federation_id, role=m.role)


@router.post("", dependencies=[permit("personnel.write")], status_code=201, summary="Schedule a congress on its date")
async def schedule(body: ScheduleCongress, request: Request) -> CongressOut:
    async with get_service(request).uow() as uow:
        c = await commands.schedule(uow, commands.ScheduleCongress(**body.model_dump()))
    return _out(c)


@router.get("", dependencies=[permit("staff.read")], summary="Congresses of returnees and relatives")
async def list_congresses(
    request: Request,
    state: CongressState | None = None,
    held_after: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[CongressOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.congresses(state=state, held_after=held_after), page, _out)


@router.get("/{congress_id}", dependencies=[permit("staff.read")], summary="One congress with its quotas")
async def get_congress(congress_id: str, request: Request) -> CongressOut:
    async with get_service(request).db.sessions() as s:
        c = await get_or_404(s, Congress, "congress", congress_id)
        return _out(c, await queries.quotas(s, c.id))


@router.put(
    "/{congress_id}/quotas/{federation_id}",
    dependencies=[permit("personnel.write")],
    summary="Set a city or university federation's delegate quota",
)
async def put_quota(congress_id: str, federation_id: str, body: SetQuota, request: Request) -> QuotaOut:
    async with get_service(request).uow() as uow:
        q = await commands.set_quota(uow, commands.SetQuota(congress_id, federation_id, body.seats))
        n = await commands.nominated_count(uow, congress_id, federation_id)
    return QuotaOut(federation_id=q.federation_id, seats=q.seats, nominated=n)


@router.post(
    "/{congress_id}/delegates",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Nominate a delegate within the federation's quota (409 beyond it, with the numbers)",
)
async def post_delegate(congress_id: str, body: NominateDelegate, request: Request) -> DelegateOut:
    async with get_service(request).uow() as uow:
        d = await commands.nominate(uow, commands.NominateDelegate(congress_id=congress_id, **body.model_dump()))
    async with get_service(request).db.sessions() as s:
        row = (await s.execute(queries.delegates(congress_id).where(CongressDelegate.id == d.id))).one()
    return _delegate_out((row[0], row[1]))


@router.get(
    "/{congress_id}/delegates",
    dependencies=[permit("personnel.read")],
    summary="A congress's delegates with their identity review's state",
)
async def list_delegates(
    congress_id: str, request: Request, federation_id: str | None = None, page: PageParams = Depends(page_params)
) -> Page[DelegateOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Congress, "congress", congress_id)
        q = queries.delegates(congress_id, federation_id=federation_id)
        return await paginate(s, q, page, _delegate_out, scalars=False)


@router.post(
    "/{congress_id}/committee",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="The congress was held: record the committee it elected from its delegates",
)
async def post_committee(congress_id: str, body: ElectCommittee, request: Request) -> list[MemberOut]:
    async with get_service(request).uow() as uow:
        await commands.elect_committee(
            uow,
            commands.ElectCommittee(congress_id, tuple(commands.Member(m.delegate_id, m.role) for m in body.members)),
        )
    async with get_service(request).db.sessions() as s:
        return [_member_out(m, d) for m, d in await queries.committee(s, congress_id)]


@router.get(
    "/{congress_id}/committee", dependencies=[permit("personnel.read")], summary="The committee a congress elected"
)
async def get_committee(congress_id: str, request: Request) -> list[MemberOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Congress, "congress", congress_id)
        return [_member_out(m, d) for m, d in await queries.committee(s, congress_id)]
