"""HTTP API of party work (黨建): branches, members, committee terms, meetings (三會一課), transfers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import BranchKind, MeetingKind, MemberRole, TransferReason
from .tables import PartyBranch, PartyBranchTerm, PartyMeeting, PartyMember, PartyTransfer

router = APIRouter(prefix="/party", tags=["party"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class FoundBranch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text
    kind: BranchKind
    office: Office | None = Field(None, description="the office whose cadres an organ branch organises")


class AdmitMember(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: Id
    role: MemberRole = MemberRole.member
    joined_on: Day


class ElectCommittee(BaseModel):
    model_config = ConfigDict(extra="forbid")
    elected_on: Day
    starts_on: Day
    ends_on: Day


class RecordMeeting(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: MeetingKind
    held_on: Day
    topic: Text
    attendees: list[Id] = Field(max_length=1000, description="cadre ids of the members present")


class PlaceMember(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: Id
    on: Day


class BranchOut(BaseModel):
    id: str
    name: str
    kind: BranchKind
    office: Office | None
    term_ends_on: date | None = Field(description="the current committee's term end; its election is due before")
    members: int | None = None


class MemberOut(BaseModel):
    cadre_id: str
    name: str
    role: MemberRole
    joined_on: date


class TermOut(BaseModel):
    id: str
    elected_on: date
    starts_on: date
    ends_on: date


class MeetingOut(BaseModel):
    id: str
    branch_id: str
    kind: MeetingKind
    held_on: date
    topic: str
    members: int = Field(description="the branch's members on the day")
    present: int
    attendees: list[str]


class TransferOut(BaseModel):
    id: str
    cadre_id: str
    from_branch_id: str
    to_branch_id: str | None = Field(description="null: awaiting placement (the new office has no branch)")
    reason: TransferReason
    on: date


def _branch(b: PartyBranch, members: int | None = None) -> BranchOut:
    return BranchOut(
        id=b.id,
        name=b.name,
        kind=BranchKind(b.kind),
        office=Office(b.office) if b.office else None,
        term_ends_on=b.term_ends_on,
        members=members,
    )


def _member(row: Any) -> MemberOut:
    m, name = row[0], row[1]  # a paged row carries its keyset columns after these
    return MemberOut(cadre_id=m.cadre_id, name=name, role=MemberRole(m.role), joined_on=m.joined_on)


def _term(t: PartyBranchTerm) -> TermOut:
    return TermOut(id=t.id, elected_on=t.elected_on, starts_on=t.starts_on, ends_on=t.ends_on)


def _meeting(m: PartyMeeting, attendees: list[str]) -> MeetingOut:
    return MeetingOut(
        id=m.id,
        branch_id=m.branch_id,
        kind=MeetingKind(m.kind),
        held_on=m.held_on,
        topic=m.topic,
        members=m.members,
        present=len(attendees),
        attendees=attendees,
    )


def _transfer(t: PartyTransfer) -> TransferOut:
    return TransferOut(
        id=t.id,
        cadre_id=t.cadre_id,
        from_branch_id=t.from_branch_id,
        to_branch_id=t.to_branch_id,
        reason=TransferReason(t.reason),
        on=t.on,
    )


@router.post("/branches", dependencies=[permit("personnel.write")], status_code=201, summary="Found a party branch")
async def post_branch(body: FoundBranch, request: Request) -> BranchOut:
    async with get_service(request).uow() as uow:
        b = await commands.found(uow, commands.FoundBranch(**body.model_dump()))
    return _branch(b, 0)


@router.get("/branches", dependencies=[permit("staff.read")], summary="Party branches of the organs and retirees")
async def list_branches(
    request: Request, kind: BranchKind | None = None, page: PageParams = Depends(page_params)
) -> Page[BranchOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.branches(kind=kind), page, _branch)


@router.get("/branches/{branch_id}", dependencies=[permit("staff.read")], summary="One branch and its member count")
async def get_branch(branch_id: str, request: Request) -> BranchOut:
    async with get_service(request).db.sessions() as s:
        b = await get_or_404(s, PartyBranch, "party_branch", branch_id)
        return _branch(b, await queries.member_count(s, b.id))


@router.post(
    "/branches/{branch_id}/members",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Admit a cadre of the branch's office (a retired cadre to the retirees' branch); 409 if in a branch",
)
async def post_member(branch_id: str, body: AdmitMember, request: Request) -> MemberOut:
    async with get_service(request).uow() as uow:
        m = await commands.admit(uow, commands.AdmitMember(branch_id=branch_id, **body.model_dump()))
    async with get_service(request).db.sessions() as s:
        row = (await s.execute(queries.members(branch_id).where(PartyMember.id == m.id))).one()
    return _member(row)


@router.get("/branches/{branch_id}/members", dependencies=[permit("personnel.read")], summary="A branch's members")
async def list_members(branch_id: str, request: Request, page: PageParams = Depends(page_params)) -> Page[MemberOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, PartyBranch, "party_branch", branch_id)
        return await paginate(s, queries.members(branch_id), page, _member, scalars=False)


@router.post(
    "/branches/{branch_id}/terms",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="The branch elected its committee for a term; the next election is due before its end",
)
async def post_term(branch_id: str, body: ElectCommittee, request: Request) -> TermOut:
    async with get_service(request).uow() as uow:
        t = await commands.elect_committee(uow, commands.ElectCommittee(branch_id=branch_id, **body.model_dump()))
    return _term(t)


@router.get("/branches/{branch_id}/terms", dependencies=[permit("staff.read")], summary="A branch's committee terms")
async def list_terms(branch_id: str, request: Request) -> list[TermOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, PartyBranch, "party_branch", branch_id)
        return [_term(t) for t in await queries.terms(s, branch_id)]


@router.post(
    "/branches/{branch_id}/meetings",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Record a meeting (三會一課) held, with the members present",
)
async def post_meeting(branch_id: str, body: RecordMeeting, request: Request) -> MeetingOut:
    async with get_service(request).uow() as uow:
        m = await commands.record_meeting(
            uow,
            commands.RecordMeeting(branch_id, body.kind, body.held_on, body.topic, tuple(body.attendees)),
        )
    return _meeting(m, sorted(body.attendees))


@router.get(
    "/branches/{branch_id}/meetings",
    dependencies=[permit("personnel.read")],
    summary="A branch's meetings with their attendance, the latest first",
)
async def list_meetings(
    branch_id: str,
    request: Request,
    kind: MeetingKind | None = None,
    held_after: Day | None = None,
    held_before: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[MeetingOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, PartyBranch, "party_branch", branch_id)
        stmt = queries.meetings(branch_id, kind=kind, held_after=held_after, held_before=held_before)
        result: Page[PartyMeeting] = await paginate(s, stmt, page, lambda m: m)
        present = await queries.attendees(s, [m.id for m in result.items])
    return result.with_items([_meeting(m, present[m.id]) for m in result.items])


@router.get(
    "/transfers",
    dependencies=[permit("personnel.read")],
    summary="Members' transfers after the cadres' transfers and retirements; `awaiting`: left without a branch",
)
async def list_transfers(
    request: Request,
    cadre_id: str | None = None,
    awaiting: bool | None = None,
    page: PageParams = Depends(page_params),
) -> Page[TransferOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.transfers(cadre_id=cadre_id, awaiting=awaiting), page, _transfer)


@router.post(
    "/branches/{branch_id}/placements",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Place a member left without a branch by a transfer (409 if not awaiting placement)",
)
async def post_placement(branch_id: str, body: PlaceMember, request: Request) -> TransferOut:
    async with get_service(request).uow() as uow:
        t = await commands.place(uow, commands.PlaceMember(body.cadre_id, branch_id, body.on))
    return _transfer(t)
