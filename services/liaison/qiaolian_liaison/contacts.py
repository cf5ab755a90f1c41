"""Overseas associations (社團), key persons, their federation roles and terms, duplicate detection and
merge, and the interaction log: tables, command handlers and HTTP routes.

Phones, e-mail and addresses of persons stay in these tables; events carry ids, codes, dates, and the
public names the resource registry needs.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code, CountryCode, Id
from qiaolian_contracts.events.liaison import (
    AssociationRegistered,
    AssociationUpdated,
    ContactKind,
    ContactMerged,
    InteractionKind,
    InteractionLogged,
    MemberAppointed,
    MemberRole,
    PersonRegistered,
    PersonUpdated,
)
from qiaolian_contracts.ids import new_id

from . import names
from .domain import MEMBER_TERM
from .persistence import Base, DelegationVisit, deadlines
from .queries import get_or_404

ASSOCIATION_REGISTERED = "qiaolian.liaison.association.registered.v1"
ASSOCIATION_UPDATED = "qiaolian.liaison.association.updated.v1"
PERSON_REGISTERED = "qiaolian.liaison.person.registered.v1"
PERSON_UPDATED = "qiaolian.liaison.person.updated.v1"
MEMBER_APPOINTED = "qiaolian.liaison.member.appointed.v1"
CONTACT_MERGED = "qiaolian.liaison.contact.merged.v1"
INTERACTION_LOGGED = "qiaolian.liaison.contact.interaction_logged.v1"


class AssociationStatus(StrEnum):
    active = "active"
    dormant = "dormant"
    dissolved = "dissolved"


# ---- tables ------------------------------------------------------------------------------------

class Association(Base):
    __tablename__ = "associations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    name_romanised: Mapped[str | None] = mapped_column(sa.String(200))
    zh_key: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    romanised_key: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    city: Mapped[str | None] = mapped_column(sa.String(100))
    field: Mapped[str] = mapped_column(sa.String(64), index=True)
    hometown: Mapped[str | None] = mapped_column(sa.String(100))
    leaders: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    founded_year: Mapped[int | None] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    merged_into: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name_zh: Mapped[str | None] = mapped_column(sa.String(100))
    family_name: Mapped[str | None] = mapped_column(sa.String(100))
    given_name: Mapped[str | None] = mapped_column(sa.String(100))
    zh_key: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    romanised_key: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    city: Mapped[str | None] = mapped_column(sa.String(100))
    field: Mapped[str] = mapped_column(sa.String(64), index=True)
    hometown: Mapped[str | None] = mapped_column(sa.String(100))
    association_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # personal contact details: liaison's database only, never on the bus
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.String(300))
    merged_into: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Appointment(Base):
    """A key person's federation role (海外顧問, 委員, 青年委員, 港澳台聯絡人) for a term."""

    __tablename__ = "appointments"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    role: Mapped[str] = mapped_column(sa.String(40), index=True)
    term_starts_on: Mapped[date] = mapped_column(sa.Date)
    term_ends_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    ended_on: Mapped[date | None] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # active, ended
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Interaction(Base):
    __tablename__ = "interactions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    contact_kind: Mapped[str] = mapped_column(sa.String(20))
    contact_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    occurred_on: Mapped[date] = mapped_column(sa.Date, index=True)
    staff_cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# ---- request and response models ---------------------------------------------------------------

Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()-]{5,30}$")]
Email = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+$", max_length=200)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Leader(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text100
    title: Text100 = Field(description="e.g. 會長 president, 秘書長 secretary-general")


class NewAssociation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name_zh: Text200 | None = None
    name_romanised: Text200 | None = None
    country: CountryCode = Field(description="ISO 3166-1 alpha-2")
    city: Text100 | None = None
    field: Code = Field(description="area of work: business, culture, science, hometown, youth, ...")
    hometown: Text100 | None = Field(None, description="place in Hunan the members come from")
    leaders: list[Leader] = Field(default_factory=list, max_length=20)
    founded_year: int | None = Field(None, ge=1800, le=2100)
    status: AssociationStatus = AssociationStatus.active
    register_despite_duplicates: bool = Field(False, description="confirm that the likely duplicates differ")

    @model_validator(mode="after")
    def _a_name(self) -> NewAssociation:
        if not self.name_zh and not self.name_romanised:
            raise ValueError("name_zh or name_romanised is required")
        return self


class NewPerson(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name_zh: Text100 | None = None
    family_name: Text100 | None = Field(None, description="romanised family name")
    given_name: Text100 | None = Field(None, description="romanised given name")
    country: CountryCode
    city: Text100 | None = None
    field: Code
    hometown: Text100 | None = None
    association_id: Id | None = None
    phone: Phone | None = None
    email: Email | None = None
    address: Address | None = None
    register_despite_duplicates: bool = Field(False, description="confirm that the likely duplicates differ")

    @model_validator(mode="after")
    def _a_name(self) -> NewPerson:
        if not self.name_zh and not (self.family_name or self.given_name):
            raise ValueError("name_zh or a romanised family_name/given_name is required")
        return self


class ChangeAssociation(BaseModel):
    """The fields to change; names are changed by registering and merging, so duplicates stay visible."""

    model_config = ConfigDict(extra="forbid")
    city: Text100 | None = None
    field: Code | None = None
    hometown: Text100 | None = None
    leaders: list[Leader] | None = Field(None, max_length=20)
    founded_year: int | None = Field(None, ge=1800, le=2100)
    status: AssociationStatus | None = None


class ChangePerson(BaseModel):
    model_config = ConfigDict(extra="forbid")
    city: Text100 | None = None
    field: Code | None = None
    hometown: Text100 | None = None
    association_id: Id | None = None
    phone: Phone | None = None
    email: Email | None = None
    address: Address | None = None


class Duplicate(BaseModel):
    id: str
    name_zh: str | None
    name_romanised: str | None
    country: str
    matched_on: str = Field(description="name_zh or name_romanised")


class AssociationOut(BaseModel):
    id: str
    name_zh: str | None
    name_romanised: str | None
    country: str
    city: str | None
    field: str
    hometown: str | None
    leaders: list[dict[str, Any]]
    founded_year: int | None
    status: str
    merged_into: str | None
    created_at: datetime

    @classmethod
    def of(cls, a: Association) -> AssociationOut:
        return cls(id=a.id, name_zh=a.name_zh, name_romanised=a.name_romanised, country=a.country, city=a.city,
                   field=a.field, hometown=a.hometown, leaders=list(a.leaders or []), founded_year=a.founded_year,
                   status=a.status, merged_into=a.merged_into, created_at=a.created_at)


def _romanised(p: Person) -> str | None:
    return " ".join(x for x in (p.family_name, p.given_name) if x) or None


class PersonOut(BaseModel):
    id: str
    name_zh: str | None
    family_name: str | None
    given_name: str | None
    country: str
    city: str | None
    field: str
    hometown: str | None
    association_id: str | None
    phone: str | None
    email: str | None
    address: str | None
    merged_into: str | None
    created_at: datetime

    @classmethod
    def of(cls, p: Person) -> PersonOut:
        return cls(id=p.id, name_zh=p.name_zh, family_name=p.family_name, given_name=p.given_name,
                   country=p.country, city=p.city, field=p.field, hometown=p.hometown,
                   association_id=p.association_id, phone=p.phone, email=p.email, address=p.address,
                   merged_into=p.merged_into, created_at=p.created_at)


class NewAppointment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: MemberRole
    term_starts_on: date
    term_ends_on: date | None = Field(None, description="none for an open-ended role")


class EndAppointment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: date


class AppointmentOut(BaseModel):
    id: str
    person_id: str
    role: MemberRole
    term_starts_on: date
    term_ends_on: date | None
    ended_on: date | None
    state: str

    @classmethod
    def of(cls, a: Appointment) -> AppointmentOut:
        return cls(id=a.id, person_id=a.person_id, role=MemberRole(a.role), term_starts_on=a.term_starts_on,
                   term_ends_on=a.term_ends_on, ended_on=a.ended_on, state=a.state)


class Merge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    duplicate_id: Id = Field(description="the record merged into this one (the survivor)")


class NewInteraction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contact_kind: ContactKind
    contact_id: Id
    kind: InteractionKind
    occurred_on: date
    staff_cadre_id: Id = Field(description="the liaison staff member (cadre id) who had the contact")
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] | None = None


class InteractionOut(BaseModel):
    id: str
    contact_kind: ContactKind
    contact_id: str
    kind: InteractionKind
    occurred_on: date
    staff_cadre_id: str
    notes: str | None

    @classmethod
    def of(cls, i: Interaction) -> InteractionOut:
        return cls(id=i.id, contact_kind=ContactKind(i.contact_kind), contact_id=i.contact_id,
                   kind=InteractionKind(i.kind), occurred_on=i.occurred_on, staff_cadre_id=i.staff_cadre_id,
                   notes=i.notes)


# ---- commands ----------------------------------------------------------------------------------

def _duplicate_of(model: Any, row: Any, zh: str | None, rom: str | None, name_romanised: str | None) -> Duplicate:
    return Duplicate(id=row.id, name_zh=row.name_zh, name_romanised=name_romanised, country=row.country,
                     matched_on="name_zh" if zh and row.zh_key == zh else "name_romanised")


async def association_duplicates(session: Any, *, country: str, zh: str | None, rom: str | None,
                                 exclude: str | None = None) -> list[Duplicate]:
    keys = [c for c in ((Association.zh_key == zh) if zh else None, (Association.romanised_key == rom) if rom else None)
            if c is not None]
    if not keys:
        return []
    rows = (await session.scalars(sa.select(Association).where(
        Association.country == country, Association.merged_into.is_(None), Association.id != (exclude or ""),
        sa.or_(*keys)).order_by(Association.id))).all()
    return [_duplicate_of(Association, r, zh, rom, r.name_romanised) for r in rows]


async def person_duplicates(session: Any, *, country: str, zh: str | None, rom: str | None,
                            exclude: str | None = None) -> list[Duplicate]:
    keys = [c for c in ((Person.zh_key == zh) if zh else None, (Person.romanised_key == rom) if rom else None)
            if c is not None]
    if not keys:
        return []
    rows = (await session.scalars(sa.select(Person).where(
        Person.country == country, Person.merged_into.is_(None), Person.id != (exclude or ""),
        sa.or_(*keys)).order_by(Person.id))).all()
    return [_duplicate_of(Person, r, zh, rom, _romanised(r)) for r in rows]


def _likely_duplicates(what: str, found: list[Duplicate]) -> Conflict:
    return Conflict(f"likely duplicate {what}: merge, or register with register_despite_duplicates",
                    duplicates=[d.model_dump() for d in found])


async def register_association(uow: UnitOfWork, body: NewAssociation) -> Association:
    zh, rom = names.zh_key(body.name_zh), names.association_romanised_key(body.name_romanised)
    found = await association_duplicates(uow.session, country=body.country, zh=zh, rom=rom)
    if found and not body.register_despite_duplicates:
        raise _likely_duplicates("association", found)
    a = Association(id=new_id(), name_zh=body.name_zh, name_romanised=body.name_romanised, zh_key=zh,
                    romanised_key=rom, country=body.country, city=body.city, field=body.field,
                    hometown=body.hometown, leaders=[x.model_dump() for x in body.leaders],
                    founded_year=body.founded_year, status=body.status.value, merged_into=None, created_at=uow.now)
    uow.session.add(a)
    uow.emit(a.id, AssociationRegistered(
        association_id=a.id, name_zh=a.name_zh, name_romanised=a.name_romanised, country=a.country, city=a.city,
        field=a.field, hometown=a.hometown, founded_year=a.founded_year))
    return a


async def _live(uow: UnitOfWork, model: Any, what: str, id_: str, field: str | None = None) -> Any:
    row = await uow.session.get(model, id_, with_for_update=True)
    if row is None or row.merged_into is not None:
        if field:
            raise Invalid(field, f"no such {what}" if row is None else f"the {what} was merged into another")
        if row is None:
            raise NotFound(f"{what} {id_} not found")
        raise Conflict(f"{what} {id_} was merged into {row.merged_into}", current_state="merged",
                       merged_into=row.merged_into, allowed_commands=[])
    return row


async def register_person(uow: UnitOfWork, body: NewPerson) -> Person:
    if body.association_id:
        await _live(uow, Association, "association", body.association_id, field="association_id")
    zh, rom = names.zh_key(body.name_zh), names.person_romanised_key(body.family_name, body.given_name)
    found = await person_duplicates(uow.session, country=body.country, zh=zh, rom=rom)
    if found and not body.register_despite_duplicates:
        raise _likely_duplicates("person", found)
    p = Person(id=new_id(), name_zh=body.name_zh, family_name=body.family_name, given_name=body.given_name,
               zh_key=zh, romanised_key=rom, country=body.country, city=body.city, field=body.field,
               hometown=body.hometown, association_id=body.association_id, phone=body.phone, email=body.email,
               address=body.address, merged_into=None, created_at=uow.now)
    uow.session.add(p)
    uow.emit(p.id, PersonRegistered(
        person_id=p.id, name_zh=p.name_zh, name_romanised=_romanised(p), country=p.country, field=p.field,
        hometown=p.hometown, association_id=p.association_id))
    return p


async def change_association(uow: UnitOfWork, association_id: str, body: ChangeAssociation) -> Association:
    a = await _live(uow, Association, "association", association_id)
    changes = body.model_dump(exclude_unset=True)
    for attr, value in changes.items():
        if value is None and attr in ("field", "status"):
            raise Invalid(attr, "cannot be empty")
        setattr(a, attr, value.value if isinstance(value, AssociationStatus) else value)
    uow.emit(a.id, AssociationUpdated(
        association_id=a.id, city=a.city, field=a.field, hometown=a.hometown, status=a.status))
    return a


async def change_person(uow: UnitOfWork, person_id: str, body: ChangePerson) -> Person:
    p = await _live(uow, Person, "person", person_id)
    changes = body.model_dump(exclude_unset=True)
    if changes.get("association_id"):
        await _live(uow, Association, "association", changes["association_id"], field="association_id")
    if "field" in changes and changes["field"] is None:
        raise Invalid("field", "cannot be empty")
    for attr, value in changes.items():
        setattr(p, attr, value)
    if {"field", "hometown", "association_id"} & changes.keys():  # what the registry holds
        uow.emit(p.id, PersonUpdated(person_id=p.id, field=p.field, hometown=p.hometown,
                                                     association_id=p.association_id))
    return p


async def appoint(uow: UnitOfWork, person_id: str, body: NewAppointment) -> Appointment:
    person = await _live(uow, Person, "person", person_id)
    if body.term_ends_on is not None and body.term_ends_on <= body.term_starts_on:
        raise Invalid("term_ends_on", "must be after term_starts_on")
    clash = await uow.session.scalar(sa.select(Appointment.id).where(
        Appointment.person_id == person.id, Appointment.role == body.role.value, Appointment.state == "active"))
    if clash:
        raise Conflict(f"person {person.id} already holds the role {body.role.value}", appointment_id=clash)
    a = Appointment(id=new_id(), person_id=person.id, role=body.role.value, term_starts_on=body.term_starts_on,
                    term_ends_on=body.term_ends_on, state="active", created_at=uow.now)
    uow.session.add(a)
    if a.term_ends_on is not None:
        await deadlines.set(uow, MEMBER_TERM, a.id, a.term_ends_on)
    uow.emit(a.id, MemberAppointed(
        appointment_id=a.id, person_id=person.id, association_id=person.association_id, role=body.role,
        term_starts_on=a.term_starts_on, term_ends_on=a.term_ends_on))
    return a


async def end_appointment(uow: UnitOfWork, appointment_id: str, ended_on: date) -> Appointment:
    a = await uow.session.get(Appointment, appointment_id, with_for_update=True)
    if a is None:
        raise NotFound(f"appointment {appointment_id} not found")
    if a.state != "active":
        raise Conflict(f"appointment {a.id} has already ended", current_state=a.state, allowed_commands=[])
    if ended_on < a.term_starts_on:
        raise Invalid("ended_on", "cannot be before term_starts_on")
    a.state, a.ended_on = "ended", ended_on
    await deadlines.meet(uow, MEMBER_TERM, a.id, ended_on)
    return a


async def merge_persons(uow: UnitOfWork, survivor_id: str, duplicate_id: str) -> Person:
    """The duplicate's roles, interactions and visit memberships move to the survivor."""
    if survivor_id == duplicate_id:
        raise Invalid("duplicate_id", "cannot merge a record into itself")
    survivor = await _live(uow, Person, "person", survivor_id)
    dup = await _live(uow, Person, "person", duplicate_id, field=None)
    for attr in ("name_zh", "family_name", "given_name", "city", "hometown", "association_id", "phone", "email",
                 "address"):
        if getattr(survivor, attr) is None and getattr(dup, attr) is not None:
            setattr(survivor, attr, getattr(dup, attr))
    survivor.zh_key = names.zh_key(survivor.name_zh)
    survivor.romanised_key = names.person_romanised_key(survivor.family_name, survivor.given_name)
    await uow.session.execute(sa.update(Appointment).where(Appointment.person_id == dup.id)
                              .values(person_id=survivor.id))
    await _move_interactions(uow, ContactKind.person, dup.id, survivor.id)
    visits = (await uow.session.scalars(sa.select(DelegationVisit).where(DelegationVisit.members.is_not(None)))).all()
    for v in visits:
        members = list(v.members or [])
        if dup.id in members:
            v.members = list(dict.fromkeys(survivor.id if m == dup.id else m for m in members))
    dup.merged_into = survivor.id
    uow.emit(survivor.id, ContactMerged(kind=ContactKind.person, survivor_id=survivor.id,
                                                        merged_id=dup.id))
    return survivor


async def merge_associations(uow: UnitOfWork, survivor_id: str, duplicate_id: str) -> Association:
    """The duplicate's persons, interactions and visits move to the survivor."""
    if survivor_id == duplicate_id:
        raise Invalid("duplicate_id", "cannot merge a record into itself")
    survivor = await _live(uow, Association, "association", survivor_id)
    dup = await _live(uow, Association, "association", duplicate_id)
    for attr in ("name_zh", "name_romanised", "city", "hometown", "founded_year"):
        if getattr(survivor, attr) is None and getattr(dup, attr) is not None:
            setattr(survivor, attr, getattr(dup, attr))
    survivor.leaders = list(survivor.leaders or []) + [x for x in (dup.leaders or []) if x not in (survivor.leaders or [])]
    survivor.zh_key = names.zh_key(survivor.name_zh)
    survivor.romanised_key = names.association_romanised_key(survivor.name_romanised)
    await uow.session.execute(sa.update(Person).where(Person.association_id == dup.id)
                              .values(association_id=survivor.id))
    await uow.session.execute(sa.update(DelegationVisit).where(DelegationVisit.association_id == dup.id)
                              .values(association_id=survivor.id))
    await _move_interactions(uow, ContactKind.association, dup.id, survivor.id)
    dup.merged_into = survivor.id
    uow.emit(survivor.id, ContactMerged(kind=ContactKind.association, survivor_id=survivor.id,
                                                        merged_id=dup.id))
    return survivor


async def _move_interactions(uow: UnitOfWork, kind: ContactKind, old: str, new: str) -> None:
    await uow.session.execute(sa.update(Interaction).where(
        Interaction.contact_kind == kind.value, Interaction.contact_id == old).values(contact_id=new))


async def log_interaction(uow: UnitOfWork, body: NewInteraction, today_: date) -> Interaction:
    model = Person if body.contact_kind == ContactKind.person else Association
    await _live(uow, model, body.contact_kind.value, body.contact_id, field="contact_id")
    if body.occurred_on > today_:
        raise Invalid("occurred_on", "cannot be in the future")
    i = Interaction(id=new_id(), contact_kind=body.contact_kind.value, contact_id=body.contact_id,
                    kind=body.kind.value, occurred_on=body.occurred_on, staff_cadre_id=body.staff_cadre_id,
                    notes=body.notes, created_at=uow.now)
    uow.session.add(i)
    uow.emit(i.id, InteractionLogged(
        interaction_id=i.id, contact_kind=body.contact_kind, contact_id=i.contact_id, kind=body.kind,
        occurred_on=i.occurred_on, staff_cadre_id=i.staff_cadre_id))
    return i


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter()


@router.post("/associations", status_code=201, tags=["associations"],
             summary="Register an overseas association (社團); 409 with the likely duplicates")
async def post_association(body: NewAssociation, request: Request) -> AssociationOut:
    async with get_service(request).uow() as uow:
        return AssociationOut.of(await register_association(uow, body))


@router.get("/associations", tags=["associations"], summary="List associations")
async def list_associations(request: Request, country: CountryCode | None = None, field: Code | None = None,
                            status: AssociationStatus | None = None, hometown: str | None = Query(None, max_length=100),
                            q: str | None = Query(None, max_length=100, description="part of the name"),
                            include_merged: bool = False,
                            page: PageParams = Depends(page_params)) -> Page[AssociationOut]:
    stmt = sa.select(Association)
    if country:
        stmt = stmt.where(Association.country == country)
    if field:
        stmt = stmt.where(Association.field == field)
    if status:
        stmt = stmt.where(Association.status == status.value)
    if hometown:
        stmt = stmt.where(Association.hometown == hometown)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(sa.or_(Association.name_zh.like(like), Association.name_romanised.ilike(like)))
    if not include_merged:
        stmt = stmt.where(Association.merged_into.is_(None))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(Association.country, Association.id), page, AssociationOut.of)


@router.get("/associations/{association_id}", tags=["associations"], summary="One association")
async def get_association(association_id: str, request: Request) -> AssociationOut:
    return AssociationOut.of(await get_or_404(request, Association, "association", association_id))


@router.patch("/associations/{association_id}", tags=["associations"],
              summary="Change an association's city, field, hometown, leaders, founding year or status")
async def patch_association(association_id: str, body: ChangeAssociation, request: Request) -> AssociationOut:
    async with get_service(request).uow() as uow:
        return AssociationOut.of(await change_association(uow, association_id, body))


@router.get("/associations/{association_id}/duplicates", tags=["associations"],
            summary="Likely duplicates of an association")
async def association_dups(association_id: str, request: Request) -> list[Duplicate]:
    a = await get_or_404(request, Association, "association", association_id)
    async with get_service(request).db.sessions() as s:
        return await association_duplicates(s, country=a.country, zh=a.zh_key, rom=a.romanised_key, exclude=a.id)


@router.post("/associations/{association_id}/merge", tags=["associations"],
             summary="Merge a duplicate into this association; publishes contact.merged")
async def merge_association(association_id: str, body: Merge, request: Request) -> AssociationOut:
    async with get_service(request).uow() as uow:
        return AssociationOut.of(await merge_associations(uow, association_id, body.duplicate_id))


@router.post("/persons", status_code=201, tags=["persons"],
             summary="Register a key overseas person; 409 with the likely duplicates")
async def post_person(body: NewPerson, request: Request) -> PersonOut:
    async with get_service(request).uow() as uow:
        return PersonOut.of(await register_person(uow, body))


@router.get("/persons", tags=["persons"], summary="List key persons")
async def list_persons(request: Request, country: CountryCode | None = None, field: Code | None = None,
                       association_id: str | None = Query(None, max_length=64), role: MemberRole | None = None,
                       hometown: str | None = Query(None, max_length=100), include_merged: bool = False,
                       page: PageParams = Depends(page_params)) -> Page[PersonOut]:
    stmt = sa.select(Person)
    if country:
        stmt = stmt.where(Person.country == country)
    if field:
        stmt = stmt.where(Person.field == field)
    if association_id:
        stmt = stmt.where(Person.association_id == association_id)
    if hometown:
        stmt = stmt.where(Person.hometown == hometown)
    if role:
        stmt = stmt.where(Person.id.in_(sa.select(Appointment.person_id).where(
            Appointment.role == role.value, Appointment.state == "active")))
    if not include_merged:
        stmt = stmt.where(Person.merged_into.is_(None))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(Person.country, Person.id), page, PersonOut.of)


@router.get("/persons/{person_id}", tags=["persons"], summary="One key person")
async def get_person(person_id: str, request: Request) -> PersonOut:
    return PersonOut.of(await get_or_404(request, Person, "person", person_id))


@router.patch("/persons/{person_id}", tags=["persons"],
              summary="Change a person's city, field, hometown, association or contact details")
async def patch_person(person_id: str, body: ChangePerson, request: Request) -> PersonOut:
    async with get_service(request).uow() as uow:
        return PersonOut.of(await change_person(uow, person_id, body))


@router.get("/persons/{person_id}/duplicates", tags=["persons"], summary="Likely duplicates of a person")
async def person_dups(person_id: str, request: Request) -> list[Duplicate]:
    p = await get_or_404(request, Person, "person", person_id)
    async with get_service(request).db.sessions() as s:
        return await person_duplicates(s, country=p.country, zh=p.zh_key, rom=p.romanised_key, exclude=p.id)


@router.post("/persons/{person_id}/merge", tags=["persons"],
             summary="Merge a duplicate into this person; publishes contact.merged")
async def merge_person(person_id: str, body: Merge, request: Request) -> PersonOut:
    async with get_service(request).uow() as uow:
        return PersonOut.of(await merge_persons(uow, person_id, body.duplicate_id))


@router.post("/persons/{person_id}/appointments", status_code=201, tags=["persons"],
             summary="Appoint a key person to a federation role for a term")
async def post_appointment(person_id: str, body: NewAppointment, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        return AppointmentOut.of(await appoint(uow, person_id, body))


@router.get("/appointments", tags=["persons"], summary="List appointments (roles and terms)")
async def list_appointments(request: Request, person_id: str | None = Query(None, max_length=64),
                            role: MemberRole | None = None, state: str | None = Query(None, pattern="^(active|ended)$"),
                            term_ends_before: date | None = None,
                            page: PageParams = Depends(page_params)) -> Page[AppointmentOut]:
    stmt = sa.select(Appointment)
    if person_id:
        stmt = stmt.where(Appointment.person_id == person_id)
    if role:
        stmt = stmt.where(Appointment.role == role.value)
    if state:
        stmt = stmt.where(Appointment.state == state)
    if term_ends_before:
        stmt = stmt.where(Appointment.term_ends_on < term_ends_before)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(Appointment.term_ends_on, Appointment.id), page, AppointmentOut.of)


@router.get("/appointments/{appointment_id}", tags=["persons"], summary="One appointment")
async def get_appointment(appointment_id: str, request: Request) -> AppointmentOut:
    return AppointmentOut.of(await get_or_404(request, Appointment, "appointment", appointment_id))


@router.post("/appointments/{appointment_id}/end", tags=["persons"], summary="End a role (no more term warnings)")
async def post_end_appointment(appointment_id: str, body: EndAppointment, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        return AppointmentOut.of(await end_appointment(uow, appointment_id, body.ended_on))


@router.post("/interactions", status_code=201, tags=["interactions"],
             summary="Log a visit, call, meeting, letter or gift with a person or association")
async def post_interaction(body: NewInteraction, request: Request) -> InteractionOut:
    from qiaolian_chassis.clock import today

    svc = get_service(request)
    async with svc.uow() as uow:
        return InteractionOut.of(await log_interaction(uow, body, today(svc.clock)))


@router.get("/interactions", tags=["interactions"], summary="The interaction log, newest first")
async def list_interactions(request: Request, contact_id: str | None = Query(None, max_length=64),
                            contact_kind: ContactKind | None = None, kind: InteractionKind | None = None,
                            staff_cadre_id: str | None = Query(None, max_length=64),
                            occurred_from: date | None = None, occurred_to: date | None = None,
                            page: PageParams = Depends(page_params)) -> Page[InteractionOut]:
    stmt = sa.select(Interaction)
    if contact_id:
        stmt = stmt.where(Interaction.contact_id == contact_id)
    if contact_kind:
        stmt = stmt.where(Interaction.contact_kind == contact_kind.value)
    if kind:
        stmt = stmt.where(Interaction.kind == kind.value)
    if staff_cadre_id:
        stmt = stmt.where(Interaction.staff_cadre_id == staff_cadre_id)
    if occurred_from:
        stmt = stmt.where(Interaction.occurred_on >= occurred_from)
    if occurred_to:
        stmt = stmt.where(Interaction.occurred_on <= occurred_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(Interaction.occurred_on.desc(), Interaction.id.desc()), page,
                              InteractionOut.of)


@router.get("/interactions/{interaction_id}", tags=["interactions"], summary="One logged interaction")
async def get_interaction(interaction_id: str, request: Request) -> InteractionOut:
    return InteractionOut.of(await get_or_404(request, Interaction, "interaction", interaction_id))
