"""The economic work's project pipeline: talent (引才引智), investment and technology (引資引技).

A project starts as a `lead` and moves `contact` → `negotiate` → `sign` → `land`; until it is signed
it may be `drop`ped with a reason code. `MACHINE` gives the allowed commands; any other is 409 with
the current state and the allowed commands. Contacts and notes stay here; events carry codes, dates
and the amounts, which are business figures of the enterprise or institution behind the project.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code, CountryCode
from qiaolian_contracts.events.rights import (Amount, ProjectKind, ProjectLeadCreated, ProjectSigned, ProjectStage,
                                              ProjectStageChanged)
from qiaolian_contracts.ids import new_id

from .domain import Machine, command_date
from .persistence import Base, equal_to, get_or_404

OPEN = frozenset({"lead", "contacted", "negotiating"})
MACHINE = Machine("project", {
    "contact": (frozenset({"lead"}), "contacted"),
    "negotiate": (frozenset({"contacted"}), "negotiating"),
    "sign": (frozenset({"negotiating"}), "signed"),
    "land": (frozenset({"signed"}), "landed"),
    "drop": (OPEN, "dropped"),
})


class Project(Base):
    __tablename__ = "economic_projects"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200))  # the enterprise or institution
    sector: Mapped[str] = mapped_column(sa.String(64), index=True)
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    intended_amount_10k_yuan: Mapped[int | None] = mapped_column(sa.BigInteger)
    lead_on: Mapped[date] = mapped_column(sa.Date, index=True)
    stage: Mapped[str] = mapped_column(sa.String(20), index=True)
    stage_on: Mapped[date] = mapped_column(sa.Date)
    signed_on: Mapped[date | None] = mapped_column(sa.Date)
    contract_amount_10k_yuan: Mapped[int | None] = mapped_column(sa.BigInteger)
    drop_reason: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# ---- commands ----------------------------------------------------------------------------------

async def create_lead(uow: UnitOfWork, clock: Clock, *, kind: ProjectKind, title: str, organisation: str,
                      sector: str, region: str, country: str | None, notes: str | None,
                      intended_amount_10k_yuan: int | None, lead_on: date | None) -> Project:
    on = command_date(today(clock), lead_on, "lead_on", None, "")
    p = Project(id=new_id(), kind=kind.value, title=title, organisation=organisation, sector=sector, region=region,
                country=country, notes=notes, intended_amount_10k_yuan=intended_amount_10k_yuan, lead_on=on,
                stage="lead", stage_on=on, created_at=uow.now)
    uow.session.add(p)
    uow.emit(p.id, ProjectLeadCreated(
        project_id=p.id, kind=kind, sector=sector, region=region, country=country, lead_on=on,
        intended_amount_10k_yuan=intended_amount_10k_yuan))
    return p


async def step(uow: UnitOfWork, clock: Clock, project_id: str, command: str, *, on: date | None,
               amount_10k_yuan: int | None = None, reason: str | None = None) -> Project:
    """Apply a pipeline command: `stage_changed` always, `signed` too when the agreement is signed."""
    p = await get_or_404(uow.session, Project, "project", project_id, for_update=True)
    target = MACHINE.apply(p.stage, command)
    day = command_date(today(clock), on, "on", p.stage_on, f"the project became {p.stage}")
    before, p.stage, p.stage_on = p.stage, target, day
    if command == "drop":
        p.drop_reason = reason
    kind = ProjectKind(p.kind)
    uow.emit(p.id, ProjectStageChanged(
        project_id=p.id, kind=kind, from_stage=ProjectStage(before), to_stage=ProjectStage(target), on=day,
        reason=reason))
    if command == "sign":
        p.signed_on, p.contract_amount_10k_yuan = day, amount_10k_yuan
        uow.emit(p.id, ProjectSigned(
            project_id=p.id, kind=kind, sector=p.sector, region=p.region, signed_on=day,
            contract_amount_10k_yuan=amount_10k_yuan))
    return p


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["economic work: projects"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class CreateLead(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ProjectKind
    title: Annotated[Text, StringConstraints(max_length=200)]
    organisation: Annotated[Text, StringConstraints(max_length=200)] = Field(
        description="the enterprise or institution behind the project")
    sector: Code
    region: Code
    country: CountryCode | None = None
    notes: Annotated[Text, StringConstraints(max_length=5000)] | None = None
    intended_amount_10k_yuan: Amount | None = None
    lead_on: date | None = None


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date | None = None


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
        return cls(**fields, outcome=None if p.stage in OPEN else p.stage, allowed_commands=MACHINE.allowed(p.stage))


@router.post("/projects", status_code=201, summary="Open a talent, investment or technology project lead")
async def create_project(body: CreateLead, request: Request) -> ProjectOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await create_lead(uow, svc.clock, **body.model_dump())
    return ProjectOut.of(p)


@router.get("/projects", summary="The project pipeline")
async def list_projects(request: Request, kind: ProjectKind | None = None, stage: ProjectStage | None = None,
                        sector: Code | None = None, region: Code | None = None, country: CountryCode | None = None,
                        lead_from: date | None = None, lead_to: date | None = None,
                        page: PageParams = Depends(page_params)) -> Page[ProjectOut]:
    if lead_from and lead_to and lead_to < lead_from:
        raise Invalid("lead_to", "cannot be before lead_from")
    where = equal_to((Project.kind, kind), (Project.stage, stage), (Project.sector, sector),
                     (Project.region, region), (Project.country, country))
    if lead_from:
        where.append(Project.lead_on >= lead_from)
    if lead_to:
        where.append(Project.lead_on <= lead_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Project).where(*where).order_by(Project.lead_on.desc(), Project.id),
                              page, ProjectOut.of)


@router.get("/projects/{project_id}", summary="One project")
async def get_project(project_id: str, request: Request) -> ProjectOut:
    async with get_service(request).db.sessions() as s:
        return ProjectOut.of(await get_or_404(s, Project, "project", project_id))


async def _step(request: Request, project_id: str, command: str, body: Step, **kw: object) -> ProjectOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await step(uow, svc.clock, project_id, command, on=body.on, **kw)  # type: ignore[arg-type]
    return ProjectOut.of(p)


@router.post("/projects/{project_id}/contact", summary="First contact made with the lead")
async def contact_project(project_id: str, request: Request, body: Step | None = None) -> ProjectOut:
    return await _step(request, project_id, "contact", body or Step())


@router.post("/projects/{project_id}/negotiate", summary="Negotiations started")
async def negotiate_project(project_id: str, request: Request, body: Step | None = None) -> ProjectOut:
    return await _step(request, project_id, "negotiate", body or Step())


@router.post("/projects/{project_id}/sign", summary="The agreement was signed")
async def sign_project(project_id: str, request: Request, body: Sign | None = None) -> ProjectOut:
    body = body or Sign()
    return await _step(request, project_id, "sign", body, amount_10k_yuan=body.contract_amount_10k_yuan)


@router.post("/projects/{project_id}/land", summary="The signed project is in operation (落地)")
async def land_project(project_id: str, request: Request, body: Step | None = None) -> ProjectOut:
    return await _step(request, project_id, "land", body or Step())


@router.post("/projects/{project_id}/drop", summary="Drop a project still in the pipeline, with a reason")
async def drop_project(project_id: str, body: Drop, request: Request) -> ProjectOut:
    return await _step(request, project_id, "drop", body, reason=body.reason)
