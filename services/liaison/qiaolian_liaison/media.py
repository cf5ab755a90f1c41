"""Overseas Chinese-language media outlets, their contact persons (kept here only), and the coverage
each produced (of a delegation visit, an exchange activity, a programme, or in general)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import CountryCode, Id
from qiaolian_contracts.events.liaison import CoverageRecorded
from qiaolian_contracts.ids import new_id

from .associations.schemas import Email, Phone
from .database import Base
from .queries import get_or_404

COVERAGE_RECORDED = "qiaolian.liaison.media.coverage_recorded.v1"
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class OutletKind(StrEnum):
    newspaper = "newspaper"
    magazine = "magazine"
    tv = "tv"
    radio = "radio"
    online = "online"


class MediaOutlet(Base):
    __tablename__ = "media_outlets"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    contact_name: Mapped[str | None] = mapped_column(sa.String(100))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    contact_email: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Coverage(Base):
    __tablename__ = "media_coverage"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    published_on: Mapped[date] = mapped_column(sa.Date, index=True)
    url: Mapped[str | None] = mapped_column(sa.String(1000))
    subject_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class NewOutlet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text200
    kind: OutletKind
    country: CountryCode
    contact_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] | None = None
    contact_phone: Phone | None = None
    contact_email: Email | None = None


class OutletOut(BaseModel):
    id: str
    name: str
    kind: OutletKind
    country: str
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    coverage: int = 0

    @classmethod
    def of(cls, o: MediaOutlet, coverage: int = 0) -> OutletOut:
        return cls(id=o.id, name=o.name, kind=OutletKind(o.kind), country=o.country, contact_name=o.contact_name,
                   contact_phone=o.contact_phone, contact_email=o.contact_email, coverage=coverage)


class NewCoverage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    published_on: date
    url: AnyHttpUrl | None = None
    subject_id: Id | None = Field(None, description="what it covered: a visit, activity or programme id")


class CoverageOut(BaseModel):
    id: str
    outlet_id: str
    title: str
    published_on: date
    url: str | None
    subject_id: str | None

    @classmethod
    def of(cls, c: Coverage) -> CoverageOut:
        return cls(id=c.id, outlet_id=c.outlet_id, title=c.title, published_on=c.published_on, url=c.url,
                   subject_id=c.subject_id)


async def add_outlet(uow: UnitOfWork, body: NewOutlet) -> MediaOutlet:
    o = MediaOutlet(id=new_id(), name=body.name, kind=body.kind.value, country=body.country,
                    contact_name=body.contact_name, contact_phone=body.contact_phone,
                    contact_email=body.contact_email, created_at=uow.now)
    uow.session.add(o)
    return o


async def record_coverage(uow: UnitOfWork, outlet_id: str, body: NewCoverage, on: date) -> Coverage:
    if await uow.session.get(MediaOutlet, outlet_id) is None:
        raise NotFound(f"media outlet {outlet_id} not found")
    if body.published_on > on:
        raise Invalid("published_on", "cannot be in the future")
    c = Coverage(id=new_id(), outlet_id=outlet_id, title=body.title, published_on=body.published_on,
                 url=str(body.url) if body.url else None, subject_id=body.subject_id, created_at=uow.now)
    uow.session.add(c)
    uow.emit(c.id, CoverageRecorded(coverage_id=c.id, outlet_id=outlet_id,
                                                       published_on=c.published_on))
    return c


router = APIRouter(tags=["media"])


@router.post("/media-outlets", status_code=201, summary="Add an overseas Chinese-language media outlet")
async def post_outlet(body: NewOutlet, request: Request) -> OutletOut:
    async with get_service(request).uow() as uow:
        return OutletOut.of(await add_outlet(uow, body))


@router.get("/media-outlets", summary="List media outlets with how much coverage each produced")
async def list_outlets(request: Request, country: CountryCode | None = None, kind: OutletKind | None = None,
                       page: PageParams = Depends(page_params)) -> Page[OutletOut]:
    count = (sa.select(sa.func.count()).where(Coverage.outlet_id == MediaOutlet.id)
             .correlate(MediaOutlet).scalar_subquery())
    stmt = sa.select(MediaOutlet, count)
    if country:
        stmt = stmt.where(MediaOutlet.country == country)
    if kind:
        stmt = stmt.where(MediaOutlet.kind == kind.value)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(MediaOutlet.country, MediaOutlet.name, MediaOutlet.id), page,
                              lambda row: OutletOut.of(row[0], row[1]), scalars=False)


@router.get("/media-outlets/{outlet_id}", summary="One media outlet")
async def get_outlet(outlet_id: str, request: Request) -> OutletOut:
    async with get_service(request).db.sessions() as s:
        o = await s.get(MediaOutlet, outlet_id)
        if o is None:
            raise NotFound(f"media outlet {outlet_id} not found")
        n = await s.scalar(sa.select(sa.func.count()).where(Coverage.outlet_id == outlet_id))
    return OutletOut.of(o, int(n or 0))


@router.post("/media-outlets/{outlet_id}/coverage", status_code=201, summary="Record coverage the outlet produced")
async def post_coverage(outlet_id: str, body: NewCoverage, request: Request) -> CoverageOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        return CoverageOut.of(await record_coverage(uow, outlet_id, body, today(svc.clock)))


@router.get("/media-coverage", summary="List coverage, newest first")
async def list_coverage(request: Request, outlet_id: str | None = Query(None, max_length=64),
                        subject_id: str | None = Query(None, max_length=64), published_from: date | None = None,
                        published_to: date | None = None,
                        page: PageParams = Depends(page_params)) -> Page[CoverageOut]:
    stmt = sa.select(Coverage)
    if outlet_id:
        stmt = stmt.where(Coverage.outlet_id == outlet_id)
    if subject_id:
        stmt = stmt.where(Coverage.subject_id == subject_id)
    if published_from:
        stmt = stmt.where(Coverage.published_on >= published_from)
    if published_to:
        stmt = stmt.where(Coverage.published_on <= published_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(Coverage.published_on.desc(), Coverage.id), page, CoverageOut.of)


@router.get("/media-coverage/{coverage_id}", summary="One piece of coverage")
async def get_coverage(coverage_id: str, request: Request) -> CoverageOut:
    return CoverageOut.of(await get_or_404(request, Coverage, "coverage", coverage_id))
