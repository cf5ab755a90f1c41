"""The resource registry (僑務資源): a province-wide view of overseas people and organisations worth
working with, built from liaison's association and person events (names, country, field, hometown;
never phones, addresses or documents), searchable by country, field and hometown.

A `contact.merged` event removes the merged record and keeps the survivor, so the registry never
lists one person or association twice after liaison combined them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.common import Code, CountryCode

from .database import Base


class Resource(Base):
    __tablename__ = "registry_resources"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # the source record's id
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # person, association
    source: Mapped[str] = mapped_column(sa.String(20))  # the producing office: liaison
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    name_romanised: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    field: Mapped[str] = mapped_column(sa.String(64), index=True)
    hometown: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    association_id: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str | None] = mapped_column(sa.String(20), index=True)  # an association's: active, dormant, dissolved
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


async def _upsert(uow: UnitOfWork, id_: str, **values: Any) -> None:
    row = await uow.session.get(Resource, id_)
    if row is None:
        uow.session.add(Resource(id=id_, source="liaison", updated_at=uow.now, **values))
    else:
        for k, v in values.items():
            setattr(row, k, v)
        row.updated_at = uow.now


async def on_association_registered(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    await _upsert(uow, d.association_id, kind="association", name_zh=d.name_zh, name_romanised=d.name_romanised,
                  country=d.country, field=d.field, hometown=d.hometown, association_id=None, status="active")


async def on_association_updated(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    row = await uow.session.get(Resource, d.association_id)
    if row is not None:  # absent: merged away already
        row.field, row.hometown, row.status, row.updated_at = d.field, d.hometown, d.status, uow.now


async def on_person_updated(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    row = await uow.session.get(Resource, d.person_id)
    if row is not None:
        row.field, row.hometown, row.association_id, row.updated_at = d.field, d.hometown, d.association_id, uow.now


async def on_person_registered(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    await _upsert(uow, d.person_id, kind="person", name_zh=d.name_zh, name_romanised=d.name_romanised,
                  country=d.country, field=d.field, hometown=d.hometown, association_id=d.association_id)


async def on_contact_merged(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    merged = await uow.session.get(Resource, d.merged_id)
    survivor = await uow.session.get(Resource, d.survivor_id)
    if merged is not None and survivor is not None:
        for attr in ("name_zh", "name_romanised", "hometown", "association_id"):
            if getattr(survivor, attr) is None and getattr(merged, attr) is not None:
                setattr(survivor, attr, getattr(merged, attr))
    if merged is not None:
        await uow.session.delete(merged)
    if d.kind == "association":  # persons of the merged association now belong to the survivor
        await uow.session.execute(sa.update(Resource).where(Resource.association_id == d.merged_id)
                                  .values(association_id=d.survivor_id, updated_at=uow.now))


HANDLERS = {
    "qiaolian.liaison.association.registered.v1": on_association_registered,
    "qiaolian.liaison.association.updated.v1": on_association_updated,
    "qiaolian.liaison.person.registered.v1": on_person_registered,
    "qiaolian.liaison.person.updated.v1": on_person_updated,
    "qiaolian.liaison.contact.merged.v1": on_contact_merged,
}


class ResourceOut(BaseModel):
    id: str
    kind: str = Field(description="person or association")
    source: str
    name_zh: str | None
    name_romanised: str | None
    country: str
    field: str
    hometown: str | None
    association_id: str | None
    status: str | None = Field(description="an association's status; none for a person")

    @classmethod
    def of(cls, r: Resource) -> ResourceOut:
        return cls(id=r.id, kind=r.kind, source=r.source, name_zh=r.name_zh, name_romanised=r.name_romanised,
                   country=r.country, field=r.field, hometown=r.hometown, association_id=r.association_id,
                   status=r.status)


router = APIRouter(tags=["resource registry"])


@router.get("/resources", summary="Search the resource registry (僑務資源) by country, field and hometown")
async def list_resources(request: Request, country: CountryCode | None = None, field: Code | None = None,
                         hometown: str | None = Query(None, min_length=1, max_length=100,
                                                      description="place in Hunan; matches a part of it"),
                         kind: str | None = Query(None, pattern="^(person|association)$"),
                         status: str | None = Query(None, pattern="^(active|dormant|dissolved)$",
                                                    description="associations with this status"),
                         q: str | None = Query(None, min_length=1, max_length=100, description="part of the name"),
                         page: PageParams = Depends(page_params)) -> Page[ResourceOut]:
    stmt = sa.select(Resource)
    if country:
        stmt = stmt.where(Resource.country == country)
    if field:
        stmt = stmt.where(Resource.field == field)
    if hometown:
        stmt = stmt.where(Resource.hometown.like(f"%{hometown}%"))
    if kind:
        stmt = stmt.where(Resource.kind == kind)
    if status:
        stmt = stmt.where(Resource.status == status)
    if q:
        stmt = stmt.where(sa.or_(Resource.name_zh.like(f"%{q}%"), Resource.name_romanised.ilike(f"%{q}%")))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(Resource.country, Resource.kind, Resource.id), page, ResourceOut.of)


@router.get("/resources/{resource_id}", summary="One entry of the resource registry")
async def get_resource(resource_id: str, request: Request) -> ResourceOut:
    async with get_service(request).db.sessions() as s:
        r = await s.get(Resource, resource_id)
    if r is None:
        raise NotFound(f"resource {resource_id} not found")
    return ResourceOut.of(r)
