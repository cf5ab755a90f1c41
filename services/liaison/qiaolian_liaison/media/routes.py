"""HTTP routes of media outlets and their coverage."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import CountryCode, Id

from ..associations import queries as people
from ..associations.schemas import Email, Phone
from . import commands, queries
from .rules import OutletKind
from .tables import Coverage, MediaOutlet

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


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
    def of(cls, o: MediaOutlet, coverage: int = 0, *, contacts: bool = True) -> OutletOut:
        """`contacts`: whether the contact's phone and e-mail are shown (else None; ACCESS.md)."""
        return cls(
            id=o.id,
            name=o.name,
            kind=OutletKind(o.kind),
            country=o.country,
            contact_name=o.contact_name,
            contact_phone=o.contact_phone if contacts else None,
            contact_email=o.contact_email if contacts else None,
            coverage=coverage,
        )


class NewCoverage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    published_on: Day
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
        return cls(
            id=c.id,
            outlet_id=c.outlet_id,
            title=c.title,
            published_on=c.published_on,
            url=c.url,
            subject_id=c.subject_id,
        )


router = APIRouter(tags=["media"])


@router.post(
    "/media-outlets",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Add an overseas Chinese-language media outlet",
)
async def post_outlet(body: NewOutlet, request: Request) -> OutletOut:
    async with get_service(request).uow() as uow:
        return OutletOut.of(await commands.add_outlet(uow, commands.AddOutlet(**body.model_dump())))


OUTLET_CONTACTS = ("contact_phone", "contact_email")


@router.get(
    "/media-outlets",
    summary="List media outlets with how much coverage each produced",
)
async def list_outlets(
    request: Request,
    who: Principal = permit("liaison.read"),
    country: CountryCode | None = None,
    kind: OutletKind | None = None,
    page: PageParams = Depends(page_params),
) -> Page[OutletOut]:
    contacts = people.sees_personal(who)
    async with get_service(request).db.sessions() as s:
        found = await paginate(
            s,
            queries.outlets(country=country, kind=kind),
            page,
            lambda row: OutletOut.of(row[0], row[1], contacts=contacts),
            scalars=False,
        )
    await people.audit_shown(request, found.items, OUTLET_CONTACTS)
    return found


@router.get("/media-outlets/{outlet_id}", summary="One media outlet")
async def get_outlet(outlet_id: str, request: Request, who: Principal = permit("liaison.read")) -> OutletOut:
    async with get_service(request).db.sessions() as s:
        o = await get_or_404(s, MediaOutlet, "media outlet", outlet_id)
        found = OutletOut.of(o, await queries.coverage_count(s, outlet_id), contacts=people.sees_personal(who))
    await people.audit_shown(request, [found], OUTLET_CONTACTS)
    return found


@router.post(
    "/media-outlets/{outlet_id}/coverage",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Record coverage the outlet produced",
)
async def post_coverage(outlet_id: str, body: NewCoverage, request: Request) -> CoverageOut:
    cmd = commands.RecordCoverage(
        outlet_id=outlet_id,
        title=body.title,
        published_on=body.published_on,
        url=str(body.url) if body.url else None,
        subject_id=body.subject_id,
    )
    async with get_service(request).uow() as uow:
        return CoverageOut.of(await commands.record_coverage(uow, cmd))


@router.get("/media-coverage", dependencies=[permit("liaison.read")], summary="List coverage, newest first")
async def list_coverage(
    request: Request,
    outlet_id: str | None = Query(None, max_length=64),
    subject_id: str | None = Query(None, max_length=64),
    published_from: Day | None = None,
    published_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[CoverageOut]:
    stmt = queries.coverage(
        outlet_id=outlet_id, subject_id=subject_id, published_from=published_from, published_to=published_to
    )
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, CoverageOut.of)


@router.get("/media-coverage/{coverage_id}", dependencies=[permit("liaison.read")], summary="One piece of coverage")
async def get_coverage(coverage_id: str, request: Request) -> CoverageOut:
    async with get_service(request).db.sessions() as s:
        return CoverageOut.of(await get_or_404(s, Coverage, "coverage", coverage_id))
