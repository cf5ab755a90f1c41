"""HTTP API of cadres and their appointment, transfer, removal and retirement."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import audit_read, get_service
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import RemovalReason

from ..establishment.rules import PostLevel
from . import commands, queries
from .rules import AppointmentKind, CadreState
from .tables import Appointment, Cadre

router = APIRouter(tags=["cadres"])

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class RegisterCadre(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    gender: Literal["female", "male"] | None = None
    birth_date: Day | None = None


class Appoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Office
    post: Name
    post_level: PostLevel | None = Field(
        None, description="the establishment level; named by the post title when omitted"
    )
    effective_on: Day


class Remove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: RemovalReason
    effective_on: Day


class Retire(BaseModel):
    model_config = ConfigDict(extra="forbid")
    retired_on: Day


class CadreOut(BaseModel):
    id: str
    name: str
    gender: str | None = Field(description="personal: personnel's staff and the cadre themself, else null")
    birth_date: date | None = Field(description="personal: personnel's staff and the cadre themself, else null")
    state: CadreState
    office: Office | None
    post: str | None
    post_level: PostLevel | None
    left_on: date | None
    created_at: datetime

    @classmethod
    def of(cls, c: Cadre, who: Principal) -> CadreOut:
        return cls(
            id=c.id,
            name=c.name,
            **queries.cadre_fields(who, c),
            state=CadreState(c.state),
            office=Office(c.office) if c.office else None,
            post=c.post,
            post_level=PostLevel(c.post_level) if c.post_level else None,
            left_on=c.left_on,
            created_at=c.created_at,
        )


class AppointmentOut(BaseModel):
    id: str
    cadre_id: str
    kind: AppointmentKind
    office: Office
    post: str
    post_level: PostLevel | None
    reason: str | None
    effective_on: date

    @classmethod
    def of(cls, a: Appointment) -> AppointmentOut:
        return cls(
            id=a.id,
            cadre_id=a.cadre_id,
            kind=a.kind,
            office=Office(a.office),
            post=a.post,
            post_level=PostLevel(a.post_level) if a.post_level else None,
            reason=a.reason,
            effective_on=a.effective_on,
        )


@router.post("/cadres", status_code=201, summary="Register a cadre record")
async def register_cadre(body: RegisterCadre, request: Request, who: Principal = permit("personnel.write")) -> CadreOut:
    async with get_service(request).uow() as uow:
        c = await commands.register_cadre(uow, commands.RegisterCadre(**body.model_dump()))
    await _shown(request, who, [c])
    return CadreOut.of(c, who)


@router.get("/cadres", summary="List cadres")
async def list_cadres(
    request: Request,
    office: Office | None = None,
    state: CadreState | None = None,
    post_level: PostLevel | None = None,
    q: str | None = Query(None, min_length=1, max_length=100, description="part of the name"),
    page: PageParams = Depends(page_params),
    who: Principal = permit("personnel.read"),
) -> Page[CadreOut]:
    stmt = queries.cadres(office=office, state=state, post_level=post_level, q=q)
    async with get_service(request).db.sessions() as s:
        result = await paginate(s, stmt, page, lambda c: c)
    await _shown(request, who, result.items)
    return result.with_items([CadreOut.of(c, who) for c in result.items])


@router.get("/cadres/{cadre_id}", summary="One cadre")
async def get_cadre(cadre_id: str, request: Request, who: Principal = permit("staff.read")) -> CadreOut:
    """Any staff member reads a cadre's name and post (the directory is open to staff); the personal
    fields only personnel's staff and the cadre themself (CadreOut.of leaves them out for others)."""
    async with get_service(request).db.sessions() as s:
        c = await get_or_404(s, Cadre, "cadre", cadre_id)
    await _shown(request, who, [c])
    return CadreOut.of(c, who)


@router.get(
    "/cadres/{cadre_id}/appointments",
    dependencies=[permit("personnel.read")],
    summary="A cadre's record: appointments, transfers, removal, retirement",
)
async def list_appointments(
    cadre_id: str, request: Request, kind: AppointmentKind | None = None, page: PageParams = Depends(page_params)
) -> Page[AppointmentOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Cadre, "cadre", cadre_id)
        return await paginate(s, queries.appointments(cadre_id, kind=kind), page, AppointmentOut.of)


@router.post(
    "/cadres/{cadre_id}/appointments",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Appoint a cadre to a post (任職)",
)
async def appoint(cadre_id: str, body: Appoint, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        a = await commands.appoint(uow, commands.AppointCadre(cadre_id=cadre_id, **body.model_dump()))
    return AppointmentOut.of(a)


@router.post(
    "/cadres/{cadre_id}/transfers",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Transfer a cadre to another post (調任)",
)
async def transfer(cadre_id: str, body: Appoint, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        a = await commands.transfer(uow, commands.TransferCadre(cadre_id=cadre_id, **body.model_dump()))
    return AppointmentOut.of(a)


@router.post(
    "/cadres/{cadre_id}/removal",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Remove a cadre from their post (免職)",
)
async def remove(cadre_id: str, body: Remove, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        a = await commands.remove(uow, commands.RemoveCadre(cadre_id=cadre_id, **body.model_dump()))
    return AppointmentOut.of(a)


@router.post("/cadres/{cadre_id}/retirement", summary="Retire a cadre (退休)")
async def retire(cadre_id: str, body: Retire, request: Request, who: Principal = permit("personnel.write")) -> CadreOut:
    async with get_service(request).uow() as uow:
        c = await commands.retire(uow, commands.RetireCadre(cadre_id=cadre_id, **body.model_dump()))
    await _shown(request, who, [c])
    return CadreOut.of(c, who)


async def _shown(request: Request, who: Principal, cadres: list[Cadre]) -> None:
    """Audit the personal fields a response about these cadres carries."""
    fields = queries.shown([queries.cadre_fields(who, c) for c in cadres])
    await audit_read(request, [c.id for c in cadres], fields)
