"""The resource registry over HTTP: search, and one entry."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code, CountryCode

from . import queries
from .tables import Resource

router = APIRouter(tags=["resource registry"])


class ResourceOut(BaseModel):
    id: str
    kind: str = Field(description="person or association (liaison's), person or organisation (rights')")
    source: str = Field(
        description="the producing office: liaison (key persons, associations) or rights (economic contacts)"
    )
    name_zh: str | None
    name_romanised: str | None
    country: str
    field: str
    hometown: str | None
    association_id: str | None
    status: str | None = Field(
        description="an association's status (active, dormant, dissolved), an economic contact's (active, inactive); "
        "none for liaison's persons"
    )

    @classmethod
    def of(cls, r: Resource) -> ResourceOut:
        return cls(
            id=r.id,
            kind=r.kind,
            source=r.source,
            name_zh=r.name_zh,
            name_romanised=r.name_romanised,
            country=r.country,
            field=r.field,
            hometown=r.hometown,
            association_id=r.association_id,
            status=r.status,
        )


@router.get(
    "/resources",
    dependencies=[permit("office.read")],
    summary="Search the resource registry (僑務資源) by country, field and hometown",
)
async def list_resources(
    request: Request,
    country: CountryCode | None = None,
    field: Code | None = None,
    hometown: str | None = Query(
        None, min_length=1, max_length=100, description="place in Hunan; matches a part of it"
    ),
    kind: str | None = Query(None, pattern="^(person|association|organisation)$"),
    status: str | None = Query(
        None, pattern="^(active|dormant|dissolved|inactive)$", description="associations or contacts with this status"
    ),
    source: str | None = Query(None, pattern="^(liaison|rights)$", description="the producing office"),
    q: str | None = Query(None, min_length=1, max_length=100, description="part of the name"),
    page: PageParams = Depends(page_params),
) -> Page[ResourceOut]:
    stmt = queries.resources(
        country=country, field=field, hometown=hometown, kind=kind, status=status, q=q, source=source
    )
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, ResourceOut.of)


@router.get(
    "/resources/{resource_id}", dependencies=[permit("office.read")], summary="One entry of the resource registry"
)
async def get_resource(resource_id: str, request: Request) -> ResourceOut:
    async with get_service(request).db.sessions() as s:
        return ResourceOut.of(await get_or_404(s, Resource, "resource", resource_id))
