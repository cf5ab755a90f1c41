"""rights' HTTP API: resources for queries, commands as POST on a resource or an action."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.http import Page, PageParams, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import Channel, PetitionClass, PetitionerStatus

from . import application, domain
from .domain import PetitionState
from .persistence import Petition

router = APIRouter(tags=["petitions"])

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Petitioner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, StringConstraints(max_length=100)]
    status: PetitionerStatus


class FilePetition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channel: Channel
    petitioner: Petitioner
    petition_class: PetitionClass
    category: Code = Field(description="category code, e.g. property, education, immigration")
    summary: Annotated[Text, StringConstraints(max_length=5000)]
    received_on: date


class AcceptPetition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accepted_on: date | None = None


class AssignHandler(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: Annotated[Text, StringConstraints(max_length=64)]


class PetitionOut(BaseModel):
    id: str
    channel: Channel
    petitioner: Petitioner
    petition_class: PetitionClass
    category: str
    summary: str
    received_on: date
    state: PetitionState
    first_decision_due: date
    accepted_on: date | None
    handling_due: date | None
    handler_cadre_id: str | None
    allowed_commands: list[str]
    created_at: datetime

    @classmethod
    def of(cls, p: Petition) -> PetitionOut:
        return cls(
            id=p.id, channel=Channel(p.channel),
            petitioner=Petitioner(name=p.petitioner_name, status=PetitionerStatus(p.petitioner_status)),
            petition_class=PetitionClass(p.petition_class), category=p.category, summary=p.summary,
            received_on=p.received_on, state=PetitionState(p.state), first_decision_due=p.first_decision_due,
            accepted_on=p.accepted_on, handling_due=p.handling_due, handler_cadre_id=p.handler_cadre_id,
            allowed_commands=domain.allowed_commands(PetitionState(p.state)), created_at=p.created_at,
        )


@router.post("/petitions", status_code=201, summary="Register a petition (信訪登記)")
async def file_petition(body: FilePetition, request: Request) -> PetitionOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await application.file_petition(
            uow, svc.clock, channel=body.channel, petitioner_name=body.petitioner.name,
            petitioner_status=body.petitioner.status, petition_class=body.petition_class,
            category=body.category, summary=body.summary, received_on=body.received_on,
        )
    return PetitionOut.of(p)


@router.get("/petitions", summary="List petitions")
async def list_petitions(
    request: Request,
    state: PetitionState | None = None,
    petition_class: PetitionClass | None = None,
    channel: Channel | None = None,
    received_from: date | None = Query(None), received_to: date | None = Query(None),
    page: PageParams = Depends(page_params),
) -> Page[PetitionOut]:
    where = []
    if state:
        where.append(Petition.state == state.value)
    if petition_class:
        where.append(Petition.petition_class == petition_class.value)
    if channel:
        where.append(Petition.channel == channel.value)
    if received_from:
        where.append(Petition.received_on >= received_from)
    if received_to:
        where.append(Petition.received_on <= received_to)
    async with get_service(request).db.sessions() as s:
        total = await s.scalar(sa.select(sa.func.count()).select_from(Petition).where(*where))
        rows = (await s.scalars(
            sa.select(Petition).where(*where).order_by(Petition.received_on.desc(), Petition.id.desc())
            .limit(page.limit).offset(page.offset))).all()
    return Page(items=[PetitionOut.of(p) for p in rows], total=total or 0, limit=page.limit, offset=page.offset)


@router.get("/petitions/{petition_id}", summary="One petition")
async def get_petition(petition_id: str, request: Request) -> PetitionOut:
    async with get_service(request).db.sessions() as s:
        p = await s.get(Petition, petition_id)
    if p is None:
        raise NotFound(f"petition {petition_id} not found")
    return PetitionOut.of(p)


@router.post("/petitions/{petition_id}/accept", summary="Accept a petition for handling (受理)")
async def accept_petition(petition_id: str, request: Request, body: AcceptPetition | None = None) -> PetitionOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await application.accept(uow, svc.clock, petition_id, body.accepted_on if body else None)
    return PetitionOut.of(p)


@router.post("/petitions/{petition_id}/assign-handler", summary="Assign a rights cadre to handle a petition")
async def assign_handler(petition_id: str, body: AssignHandler, request: Request) -> PetitionOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await application.assign_handler(uow, petition_id, body.cadre_id)
    return PetitionOut.of(p)
