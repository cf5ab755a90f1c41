"""HTTP API of grassroots federations and their elections."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.personnel import FederationLevel

from ..settings import PersonnelSettings
from . import commands, queries
from .rules import election_due_from
from .tables import Election, Federation, FederationLeader, FederationLink

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
    parent_id: Text | None = Field(None, description="the federation above (province → city → county → 僑胞之家)")
    region: Text | None = None
    term_no: int = Field(1, ge=1, le=100)
    term_starts_on: Day
    term_ends_on: Day
    leaders: list[Leader] = Field(default_factory=list, max_length=50)


class FileElection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: Day
    approved_on: Day
    approval_document: Text = Field(description="the approval's document number (批覆文號)")
    term_starts_on: Day
    term_ends_on: Day
    leaders: list[Leader] = Field(min_length=1, max_length=50)


class LeaderOut(BaseModel):
    name: str
    role: str
    term_no: int


class FederationOut(BaseModel):
    id: str
    name: str
    level: FederationLevel
    parent_id: str | None
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


class LinkFederations(BaseModel):
    model_config = ConfigDict(extra="forbid")
    local_federation_id: Text = Field(description="a city or county federation")
    university_federation_id: Text = Field(description="a university federation")
    alumni_association: Text = Field(description="the alumni association (校友會) of the link")


class LinkOut(BaseModel):
    id: str
    local_federation_id: str
    university_federation_id: str
    alumni_association: str


def _link_out(x: FederationLink) -> LinkOut:
    return LinkOut(
        id=x.id,
        local_federation_id=x.local_federation_id,
        university_federation_id=x.university_federation_id,
        alumni_association=x.alumni_association,
    )


def _out(f: Federation, leaders: list[FederationLeader] | None = None) -> FederationOut:
    return FederationOut(
        id=f.id,
        name=f.name,
        level=FederationLevel(f.level),
        parent_id=f.parent_id,
        region=f.region,
        term_no=f.term_no,
        term_starts_on=f.term_starts_on,
        term_ends_on=f.term_ends_on,
        election_due_from=election_due_from(f.term_ends_on, PersonnelSettings().election_notice_days),
        leaders=None if leaders is None else [LeaderOut(name=x.name, role=x.role, term_no=x.term_no) for x in leaders],
    )


def _election_out(e: Election) -> ElectionOut:
    return ElectionOut(
        id=e.id,
        federation_id=e.federation_id,
        held_on=e.held_on,
        approved_on=e.approved_on,
        approval_document=e.approval_document,
        previous_term_ends_on=e.previous_term_ends_on,
        term_no=e.term_no,
        term_starts_on=e.term_starts_on,
        term_ends_on=e.term_ends_on,
    )


def _leaders(leaders: list[Leader]) -> tuple[commands.Leader, ...]:
    return tuple(commands.Leader(name=x.name, role=x.role) for x in leaders)


@router.post(
    "/federations",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Register a grassroots federation with its current term",
)
async def register_federation(body: RegisterFederation, request: Request) -> FederationOut:
    async with get_service(request).uow() as uow:
        f = await commands.register(
            uow, commands.RegisterFederation(**body.model_dump(exclude={"leaders"}), leaders=_leaders(body.leaders))
        )
    return _out(f)


@router.get("/federations", dependencies=[permit("staff.read")], summary="List grassroots federations")
async def list_federations(
    request: Request,
    level: FederationLevel | None = None,
    parent_id: str | None = None,
    term_ends_before: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[FederationOut]:
    async with get_service(request).db.sessions() as s:
        q = queries.federations(level=level, parent_id=parent_id, term_ends_before=term_ends_before)
        return await paginate(s, q, page, _out)


@router.get(
    "/federations/{federation_id}",
    dependencies=[permit("staff.read")],
    summary="One federation with its current leadership",
)
async def get_federation(federation_id: str, request: Request) -> FederationOut:
    async with get_service(request).db.sessions() as s:
        f = await get_or_404(s, Federation, "federation", federation_id)
        leaders = await queries.leaders(s, f)
    return _out(f, leaders)


@router.post(
    "/federations/{federation_id}/elections",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="File an election's result with its approval; the new term starts",
)
async def post_election(federation_id: str, body: FileElection, request: Request) -> ElectionOut:
    async with get_service(request).uow() as uow:
        e = await commands.file_election(
            uow,
            commands.FileElection(
                federation_id=federation_id, **body.model_dump(exclude={"leaders"}), leaders=_leaders(body.leaders)
            ),
        )
    return _election_out(e)


@router.get(
    "/federations/{federation_id}/elections",
    dependencies=[permit("personnel.read")],
    summary="A federation's elections",
)
async def list_elections(
    federation_id: str, request: Request, held_after: Day | None = None, page: PageParams = Depends(page_params)
) -> Page[ElectionOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Federation, "federation", federation_id)
        return await paginate(s, queries.elections(federation_id, held_after=held_after), page, _election_out)


@router.post(
    "/federation-links",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Link a local federation, a university federation and an alumni association (地方僑聯+大學僑聯+校友會)",
)
async def post_link(body: LinkFederations, request: Request) -> LinkOut:
    async with get_service(request).uow() as uow:
        x = await commands.link(uow, commands.LinkFederations(**body.model_dump()))
    return _link_out(x)


@router.get(
    "/federation-links",
    dependencies=[permit("staff.read")],
    summary="The 地方僑聯+大學僑聯+校友會 links, of one federation when given",
)
async def list_links(
    request: Request, federation_id: str | None = None, page: PageParams = Depends(page_params)
) -> Page[LinkOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.links(federation_id), page, _link_out)
