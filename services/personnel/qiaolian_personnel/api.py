"""personnel's HTTP API for cadre records and the establishment (編制)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import RemovalReason

from . import application
from .domain import CadreState, PostLevel
from .persistence import Appointment, Cadre

router = APIRouter(tags=["cadres"])

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class RegisterCadre(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    gender: Literal["female", "male"] | None = None
    birth_date: date | None = None


class Appoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Office
    post: Name
    post_level: PostLevel | None = Field(None, description="the establishment level; named by the post title when omitted")
    effective_on: date


class Remove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: RemovalReason
    effective_on: date


class Retire(BaseModel):
    model_config = ConfigDict(extra="forbid")
    retired_on: date


class SetEstablishment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved: int = Field(ge=0, le=10_000)


class CadreOut(BaseModel):
    id: str
    name: str
    gender: str | None
    birth_date: date | None
    state: CadreState
    office: Office | None
    post: str | None
    post_level: PostLevel | None
    left_on: date | None
    created_at: datetime

    @classmethod
    def of(cls, c: Cadre) -> CadreOut:
        return cls(id=c.id, name=c.name, gender=c.gender, birth_date=c.birth_date, state=CadreState(c.state),
                   office=Office(c.office) if c.office else None, post=c.post,
                   post_level=PostLevel(c.post_level) if c.post_level else None, left_on=c.left_on,
                   created_at=c.created_at)


class AppointmentOut(BaseModel):
    id: str
    cadre_id: str
    kind: Literal["appointment", "transfer", "removal", "retirement"]
    office: Office
    post: str
    post_level: PostLevel | None
    reason: str | None
    effective_on: date

    @classmethod
    def of(cls, a: Appointment) -> AppointmentOut:
        return cls(id=a.id, cadre_id=a.cadre_id, kind=a.kind, office=Office(a.office), post=a.post,  # type: ignore[arg-type]
                   post_level=PostLevel(a.post_level) if a.post_level else None, reason=a.reason,
                   effective_on=a.effective_on)


class EstablishmentRow(BaseModel):
    office: Office
    post_level: str = Field(description="a PostLevel, or `unclassified` for posts whose title names no level")
    approved: int | None = Field(description="null: no approved number set yet (appointments are not limited)")
    occupied: int
    vacant: int | None
    over_establishment: int


@router.post("/cadres", status_code=201, summary="Register a cadre record")
async def register_cadre(body: RegisterCadre, request: Request) -> CadreOut:
    async with get_service(request).uow() as uow:
        c = await application.register_cadre(uow, name=body.name, gender=body.gender, birth_date=body.birth_date)
    return CadreOut.of(c)


@router.get("/cadres", summary="List cadres")
async def list_cadres(request: Request, office: Office | None = None, state: CadreState | None = None,
                      post_level: PostLevel | None = None,
                      page: PageParams = Depends(page_params)) -> Page[CadreOut]:
    where = []
    if office:
        where.append(Cadre.office == office.value)
    if state:
        where.append(Cadre.state == state.value)
    if post_level:
        where.append(Cadre.post_level == post_level.value)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Cadre).where(*where).order_by(Cadre.name, Cadre.id), page, CadreOut.of)


@router.get("/cadres/{cadre_id}", summary="One cadre")
async def get_cadre(cadre_id: str, request: Request) -> CadreOut:
    async with get_service(request).db.sessions() as s:
        c = await s.get(Cadre, cadre_id)
    if c is None:
        raise NotFound(f"cadre {cadre_id} not found")
    return CadreOut.of(c)


@router.get("/cadres/{cadre_id}/appointments", summary="A cadre's record: appointments, transfers, removal, retirement")
async def list_appointments(cadre_id: str, request: Request,
                            kind: Literal["appointment", "transfer", "removal", "retirement"] | None = None,
                            page: PageParams = Depends(page_params)) -> Page[AppointmentOut]:
    where = [Appointment.cadre_id == cadre_id] + ([Appointment.kind == kind] if kind else [])
    async with get_service(request).db.sessions() as s:
        if await s.get(Cadre, cadre_id) is None:
            raise NotFound(f"cadre {cadre_id} not found")
        return await paginate(s, sa.select(Appointment).where(*where).order_by(Appointment.effective_on,
                                                                               Appointment.id),
                              page, AppointmentOut.of)


@router.post("/cadres/{cadre_id}/appointments", status_code=201, summary="Appoint a cadre to a post (任職)")
async def appoint(cadre_id: str, body: Appoint, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        a = await application.appoint(uow, cadre_id, office=body.office, post=body.post,
                                      effective_on=body.effective_on, post_level=body.post_level)
    return AppointmentOut.of(a)


@router.post("/cadres/{cadre_id}/transfers", status_code=201, summary="Transfer a cadre to another post (調任)")
async def transfer(cadre_id: str, body: Appoint, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        a = await application.transfer(uow, cadre_id, office=body.office, post=body.post,
                                       effective_on=body.effective_on, post_level=body.post_level)
    return AppointmentOut.of(a)


@router.post("/cadres/{cadre_id}/removal", status_code=201, summary="Remove a cadre from their post (免職)")
async def remove(cadre_id: str, body: Remove, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        a = await application.remove(uow, cadre_id, reason=body.reason, effective_on=body.effective_on)
    return AppointmentOut.of(a)


@router.post("/cadres/{cadre_id}/retirement", summary="Retire a cadre (退休)")
async def retire(cadre_id: str, body: Retire, request: Request) -> CadreOut:
    async with get_service(request).uow() as uow:
        c = await application.retire(uow, cadre_id, retired_on=body.retired_on)
    return CadreOut.of(c)


@router.get("/establishment", tags=["establishment"], summary="Approved, occupied and vacant slots (編制)")
async def get_establishment(request: Request, office: Office | None = None, post_level: str | None = None,
                            page: PageParams = Depends(page_params)) -> Page[EstablishmentRow]:
    async with get_service(request).db.sessions() as s:
        rows = [r for r in await application.establishment(s, office)
                if post_level is None or r["post_level"] == post_level]
    return Page(items=[EstablishmentRow.model_validate(r) for r in rows[page.offset:page.offset + page.limit]],
                total=len(rows), limit=page.limit, offset=page.offset)


@router.put("/establishment/{office}/{post_level}", tags=["establishment"],
            summary="Set the approved slots of an office at a post level")
async def set_establishment(office: Office, post_level: PostLevel, body: SetEstablishment,
                           request: Request) -> EstablishmentRow:
    async with get_service(request).uow() as uow:
        await application.set_establishment(uow, office=office, post_level=post_level, approved=body.approved)
    async with get_service(request).db.sessions() as s:
        rows = await application.establishment(s, office)
    return EstablishmentRow.model_validate(next(r for r in rows if r["post_level"] == post_level.value))
