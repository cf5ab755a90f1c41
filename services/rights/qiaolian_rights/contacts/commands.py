"""Economic contacts: register (`economic_contact.registered`, which office's resource registry lists),
update field, hometown, organisation, notes or status (`economic_contact.updated`)."""

from __future__ import annotations

from dataclasses import dataclass

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import (
    ContactDomain,
    EconomicContactKind,
    EconomicContactRegistered,
    EconomicContactUpdated,
)
from qiaolian_contracts.ids import new_id

from .rules import check_named
from .tables import EconomicContact


@dataclass(frozen=True)
class RegisterContact:
    kind: EconomicContactKind
    domain: ContactDomain
    country: str
    field: str
    name_zh: str | None = None
    name_romanised: str | None = None
    hometown: str | None = None
    organisation: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class UpdateContact:
    contact_id: str
    field: str
    status: str
    hometown: str | None = None
    organisation: str | None = None
    notes: str | None = None


async def register(uow: UnitOfWork, cmd: RegisterContact) -> EconomicContact:
    check_named(cmd.name_zh, cmd.name_romanised)
    c = EconomicContact(
        id=new_id(),
        kind=cmd.kind.value,
        domain=cmd.domain.value,
        name_zh=cmd.name_zh,
        name_romanised=cmd.name_romanised,
        country=cmd.country,
        field=cmd.field,
        hometown=cmd.hometown,
        organisation=cmd.organisation,
        notes=cmd.notes,
        status="active",
        created_at=uow.now,
    )
    uow.session.add(c)
    uow.emit(
        c.id,
        EconomicContactRegistered(
            contact_id=c.id,
            kind=cmd.kind,
            domain=cmd.domain,
            name_zh=cmd.name_zh,
            name_romanised=cmd.name_romanised,
            country=cmd.country,
            field=cmd.field,
            hometown=cmd.hometown,
        ),
    )
    return c


async def update(uow: UnitOfWork, cmd: UpdateContact) -> EconomicContact:
    c: EconomicContact = await get_or_404(
        uow.session, EconomicContact, "economic contact", cmd.contact_id, for_update=True
    )
    c.field, c.status, c.hometown, c.organisation, c.notes = (
        cmd.field,
        cmd.status,
        cmd.hometown,
        cmd.organisation,
        cmd.notes,
    )
    uow.emit(c.id, EconomicContactUpdated(contact_id=c.id, field=cmd.field, hometown=cmd.hometown, status=cmd.status))
    return c
