"""The HTTP API of the project pipeline."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code, CountryCode
from qiaolian_contracts.events.rights import Amount, ProjectKind, ProjectStage

from . import commands, queries
from .rules import OPEN, TRANSITIONS
from .tables import Project

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["economic work: projects"])


class CreateLead(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ProjectKind
    title: Annotated[Text, StringConstraints(max_length=200)]
    organisation: Annotated[Text, StringConstraints(max_length=200)] = Field(
        description="the enterprise or institution behind the project"
    )
    sector: Code
    region: Code
    country: CountryCode | None = None
    notes: Annotated[Text, StringConstraints(max_length=5000)] | None = None
    intended_amount_10k_yuan: Amount | None = None
    lead_on: Day | None = None


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: Day | None = None


class Sign(Step):
    contract_amount_10k_yuan: Amount | None = None


class Drop(Step):
    reason: Code = Field(description="why, e.g. funding, policy, partner_withdrew")


class ProjectOut(BaseModel):
    id: str
    kind: ProjectKind
    title: str
    organisation: str
    sector: str
    region: str
    country: str | None
    notes: str | None
    intended_amount_10k_yuan: int | None
    lead_on: date
    stage: ProjectStage
    stage_on: date
    outcome: str | None = Field(description="signed, landed or dropped; none while in the pipeline")
    signed_on: date | None
    contract_amount_10k_yuan: int | None
    drop_reason: str | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, p: Project) -> ProjectOut:
        fields = {f: getattr(p, f) for f in cls.model_fields if f not in ("outcome", "allowed_commands")}
        return cls(
            **fields, outcome=None if p.stage in OPEN else p.stage, allowed_commands=TRANSITIONS.commands(p.stage)
        )


@router.post(
    "/projects", dependencies=[WRITE], status_code=201, summary="Open a talent, investment or technology project lead"
)
async def create_project(body: CreateLead, request: Request) -> ProjectOut:
    async with get_service(request).uow() as uow:
        p = await commands.create_lead(uow, commands.CreateLead(**body.model_dump()))
    return ProjectOut.of(p)


@router.get("/projects", dependencies=[READ], summary="The project pipeline")
async def list_projects(
    request: Request,
    kind: ProjectKind | None = None,
    stage: ProjectStage | None = None,
    sector: Code | None = None,
    region: Code | None = None,
    country: CountryCode | None = None,
    lead_from: Day | None = None,
    lead_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ProjectOut]:
    if lead_from and lead_to and lead_to < lead_from:
        raise Invalid("lead_to", "cannot be before lead_from")
    async with get_service(request).db.sessions() as s:
        return await queries.projects(
            s,
            page,
            ProjectOut.of,
            kind=kind,
            stage=stage,
            sector=sector,
            region=region,
            country=country,
            lead_from=lead_from,
            lead_to=lead_to,
        )


@router.get("/projects/{project_id}", dependencies=[READ], summary="One project")
async def get_project(project_id: str, request: Request) -> ProjectOut:
    async with get_service(request).db.sessions() as s:
        return ProjectOut.of(await get_or_404(s, Project, "project", project_id))


async def _step(request: Request, cmd: commands.ProjectStep) -> ProjectOut:
    async with get_service(request).uow() as uow:
        p = await commands.step(uow, cmd)
    return ProjectOut.of(p)


@router.post("/projects/{project_id}/contact", dependencies=[WRITE], summary="First contact made with the lead")
async def contact_project(project_id: str, request: Request, body: Step | None = None) -> ProjectOut:
    return await _step(request, commands.ContactProject(project_id=project_id, **(body or Step()).model_dump()))


@router.post("/projects/{project_id}/negotiate", dependencies=[WRITE], summary="Negotiations started")
async def negotiate_project(project_id: str, request: Request, body: Step | None = None) -> ProjectOut:
    return await _step(request, commands.NegotiateProject(project_id=project_id, **(body or Step()).model_dump()))


@router.post("/projects/{project_id}/sign", dependencies=[WRITE], summary="The agreement was signed")
async def sign_project(project_id: str, request: Request, body: Sign | None = None) -> ProjectOut:
    return await _step(request, commands.SignProject(project_id=project_id, **(body or Sign()).model_dump()))


@router.post("/projects/{project_id}/land", dependencies=[WRITE], summary="The signed project is in operation (落地)")
async def land_project(project_id: str, request: Request, body: Step | None = None) -> ProjectOut:
    return await _step(request, commands.LandProject(project_id=project_id, **(body or Step()).model_dump()))


@router.post(
    "/projects/{project_id}/drop", dependencies=[WRITE], summary="Drop a project still in the pipeline, with a reason"
)
async def drop_project(project_id: str, body: Drop, request: Request) -> ProjectOut:
    return await _step(request, commands.DropProject(project_id=project_id, **body.model_dump()))
