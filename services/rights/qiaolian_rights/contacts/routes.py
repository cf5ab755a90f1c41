"""The HTTP API of the economic work's overseas business, technology and professional contacts."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Page, PageParams, Text, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code, CountryCode
from qiaolian_contracts.events.rights import ContactDomain, EconomicContactKind

from . import commands, queries
from .tables import EconomicContact

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["economic work: overseas contacts"])

Name = Annotated[Text, StringConstraints(max_length=200)]


class Register(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: EconomicContactKind
    domain: ContactDomain = Field(description="business (僑商), technology (科技), professional (專業人士)")
    name_zh: Name | None = None
    name_romanised: Name | None = None
    country: CountryCode
    field: Code = Field(description="industry or profession code, e.g. biomedicine, law, finance")
    hometown: Annotated[Text, StringConstraints(max_length=100)] | None = None
    organisation: Name | None = None
    notes: Annotated[Text, StringConstraints(max_length=5000)] | None = None


class Update(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: Code
    status: Literal["active", "inactive"]
    hometown: Annotated[Text, StringConstraints(max_length=100)] | None = None
    organisation: Name | None = None
    notes: Annotated[Text, StringConstraints(max_length=5000)] | None = None


class ContactOut(BaseModel):
    id: str
    kind: EconomicContactKind
    domain: ContactDomain
    name_zh: str | None
    name_romanised: str | None
    country: str
    field: str
    hometown: str | None
    organisation: str | None
    notes: str | None
    status: str

    @classmethod
    def of(cls, c: EconomicContact) -> ContactOut:
        return cls(**{f: getattr(c, f) for f in cls.model_fields})


@router.post(
    "/economic-contacts",
    dependencies=[WRITE],
    status_code=201,
    summary="Register an overseas business, technology or professional contact (listed in office's registry)",
)
async def register_contact(body: Register, request: Request) -> ContactOut:
    async with get_service(request).uow() as uow:
        c = await commands.register(uow, commands.RegisterContact(**body.model_dump()))
    return ContactOut.of(c)


@router.get("/economic-contacts", dependencies=[READ], summary="Search the economic work's overseas contacts")
async def list_contacts(
    request: Request,
    domain: ContactDomain | None = None,
    kind: EconomicContactKind | None = None,
    country: CountryCode | None = None,
    field: Code | None = None,
    status: Literal["active", "inactive"] | None = None,
    q: str | None = Query(None, min_length=1, max_length=100, description="part of the name"),
    page: PageParams = Depends(page_params),
) -> Page[ContactOut]:
    async with get_service(request).db.sessions() as s:
        return await queries.contacts(
            s, page, ContactOut.of, domain=domain, kind=kind, country=country, field=field, status=status, q=q
        )


@router.get("/economic-contacts/{contact_id}", dependencies=[READ], summary="One contact")
async def get_contact(contact_id: str, request: Request) -> ContactOut:
    async with get_service(request).db.sessions() as s:
        return ContactOut.of(await get_or_404(s, EconomicContact, "economic contact", contact_id))


@router.post(
    "/economic-contacts/{contact_id}/update",
    dependencies=[WRITE],
    summary="Change a contact's field, status, hometown, organisation or notes",
)
async def update_contact(contact_id: str, body: Update, request: Request) -> ContactOut:
    async with get_service(request).uow() as uow:
        c = await commands.update(uow, commands.UpdateContact(contact_id=contact_id, **body.model_dump()))
    return ContactOut.of(c)
