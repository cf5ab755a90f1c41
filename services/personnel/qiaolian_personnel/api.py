"""personnel's HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, StringConstraints

from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.http import Page, PageParams, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import application
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
    effective_on: date


class CadreOut(BaseModel):
    id: str
    name: str
    gender: str | None
    birth_date: date | None
    office: Office | None
    post: str | None
    created_at: datetime

    @classmethod
    def of(cls, c: Cadre) -> CadreOut:
        return cls(id=c.id, name=c.name, gender=c.gender, birth_date=c.birth_date,
                   office=Office(c.office) if c.office else None, post=c.post, created_at=c.created_at)


class AppointmentOut(BaseModel):
    id: str
    cadre_id: str
    office: Office
    post: str
    effective_on: date

    @classmethod
    def of(cls, a: Appointment) -> AppointmentOut:
        return cls(id=a.id, cadre_id=a.cadre_id, office=Office(a.office), post=a.post, effective_on=a.effective_on)


@router.post("/cadres", status_code=201, summary="Register a cadre record")
async def register_cadre(body: RegisterCadre, request: Request) -> CadreOut:
    async with get_service(request).uow() as uow:
        c = await application.register_cadre(uow, name=body.name, gender=body.gender, birth_date=body.birth_date)
    return CadreOut.of(c)


@router.get("/cadres", summary="List cadres")
async def list_cadres(request: Request, office: Office | None = None,
                      page: PageParams = Depends(page_params)) -> Page[CadreOut]:
    where = [Cadre.office == office.value] if office else []
    async with get_service(request).db.sessions() as s:
        total = await s.scalar(sa.select(sa.func.count()).select_from(Cadre).where(*where))
        rows = (await s.scalars(sa.select(Cadre).where(*where).order_by(Cadre.name, Cadre.id)
                                .limit(page.limit).offset(page.offset))).all()
    return Page(items=[CadreOut.of(c) for c in rows], total=total or 0, limit=page.limit, offset=page.offset)


@router.get("/cadres/{cadre_id}", summary="One cadre")
async def get_cadre(cadre_id: str, request: Request) -> CadreOut:
    async with get_service(request).db.sessions() as s:
        c = await s.get(Cadre, cadre_id)
    if c is None:
        raise NotFound(f"cadre {cadre_id} not found")
    return CadreOut.of(c)


@router.post("/cadres/{cadre_id}/appointments", status_code=201, summary="Appoint a cadre to a post (任職)")
async def appoint(cadre_id: str, body: Appoint, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        a = await application.appoint(uow, cadre_id, office=body.office, post=body.post,
                                      effective_on=body.effective_on)
    return AppointmentOut.of(a)
