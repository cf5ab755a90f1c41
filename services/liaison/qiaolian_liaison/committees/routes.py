"""HTTP API of the youth committee and the overseas advisers as committees with terms."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis import clock
from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.liaison import CommitteeKind

from ..settings import LiaisonSettings
from . import commands, queries
from .rules import CommitteeRole
from .tables import Committee, CommitteeMember

router = APIRouter(prefix="/committees", tags=["committees"])
WARN_DAYS = LiaisonSettings().term_warn_days  # as the deadline scheduler warns
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class FormCommittee(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: CommitteeKind
    name: Text
    session_no: int = Field(ge=1, le=100, description="第N屆")
    term_starts_on: Day
    term_ends_on: Day


class AddMember(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: Id
    role: CommitteeRole = CommitteeRole.member
    joined_on: Day


class RenewTerm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term_starts_on: Day
    term_ends_on: Day


class CommitteeOut(BaseModel):
    id: str
    kind: CommitteeKind
    name: str
    session_no: int
    term_starts_on: date
    term_ends_on: date
    expiring: bool = Field(description="the term ends within the warning period (LIAISON_TERM_WARN_DAYS)")


class MemberOut(BaseModel):
    id: str
    person_id: str
    role: CommitteeRole
    joined_on: date


def _out(c: Committee, today: date) -> CommitteeOut:
    return CommitteeOut(
        id=c.id,
        kind=CommitteeKind(c.kind),
        name=c.name,
        session_no=c.session_no,
        term_starts_on=c.term_starts_on,
        term_ends_on=c.term_ends_on,
        expiring=(c.term_ends_on - today).days <= WARN_DAYS,
    )


def _member(m: CommitteeMember) -> MemberOut:
    return MemberOut(id=m.id, person_id=m.person_id, role=CommitteeRole(m.role), joined_on=m.joined_on)


@router.post(
    "",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Constitute the youth committee or the overseas advisers for a term",
)
async def post_committee(body: FormCommittee, request: Request) -> CommitteeOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await commands.form(uow, commands.FormCommittee(**body.model_dump()))
    return _out(c, clock.today(svc.clock))


@router.get("", dependencies=[permit("staff.read")], summary="Committees, the soonest term end first")
async def list_committees(
    request: Request,
    kind: CommitteeKind | None = None,
    ends_before: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[CommitteeOut]:
    svc = get_service(request)
    today = clock.today(svc.clock)
    async with svc.db.sessions() as s:
        return await paginate(s, queries.committees(kind=kind, ends_before=ends_before), page, lambda c: _out(c, today))


@router.get("/{committee_id}", dependencies=[permit("staff.read")], summary="One committee")
async def get_committee(committee_id: str, request: Request) -> CommitteeOut:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return _out(await get_or_404(s, Committee, "committee", committee_id), clock.today(svc.clock))


@router.post(
    "/{committee_id}/members",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Add a key person to a committee within its term (409 when already a member or the term ended)",
)
async def post_member(committee_id: str, body: AddMember, request: Request) -> MemberOut:
    async with get_service(request).uow() as uow:
        m = await commands.add_member(uow, commands.AddMember(committee_id=committee_id, **body.model_dump()))
    return _member(m)


@router.get("/{committee_id}/members", dependencies=[permit("liaison.read")], summary="A committee's members")
async def list_members(committee_id: str, request: Request, page: PageParams = Depends(page_params)) -> Page[MemberOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Committee, "committee", committee_id)
        return await paginate(s, queries.members(committee_id), page, _member)


@router.post(
    "/{committee_id}/renewal",
    dependencies=[permit("liaison.write")],
    summary="Renew a committee for a new term; the expiring term's warning is dealt with",
)
async def post_renewal(committee_id: str, body: RenewTerm, request: Request) -> CommitteeOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await commands.renew(uow, commands.RenewTerm(committee_id, body.term_starts_on, body.term_ends_on))
    return _out(c, clock.today(svc.clock))
