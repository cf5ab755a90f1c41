"""Commands on associations and key persons: registration (refused while a likely duplicate exists, unless
confirmed), changes, federation roles with their terms, merges, and the interaction log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import (
    AssociationRegistered,
    AssociationUpdated,
    ContactKind,
    ContactMerged,
    InteractionKind,
    InteractionLogged,
    MemberAppointed,
    MemberAppointmentEnded,
    MemberRole,
    PersonRegistered,
    PersonUpdated,
)
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from ..delegation_visits.tables import DelegationVisit
from . import rules
from .queries import Duplicate, association_duplicates, person_duplicates
from .rules import MEMBER_TERM, AssociationStatus
from .tables import Appointment, Association, Interaction, Person

Contact = TypeVar("Contact", Association, Person)


@dataclass(frozen=True)
class RegisterAssociation:
    country: str
    field: str
    name_zh: str | None = None
    name_romanised: str | None = None
    city: str | None = None
    hometown: str | None = None
    leaders: Sequence[Mapping[str, Any]] = ()
    founded_year: int | None = None
    status: AssociationStatus = AssociationStatus.active
    register_despite_duplicates: bool = False


@dataclass(frozen=True)
class RegisterPerson:
    country: str
    field: str
    name_zh: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    city: str | None = None
    hometown: str | None = None
    association_id: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    register_despite_duplicates: bool = False


@dataclass(frozen=True)
class ChangeAssociation:
    """`changes`: only the fields given (a None clears a field)."""

    association_id: str
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangePerson:
    """`changes`: only the fields given (a None clears a field)."""

    person_id: str
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Appoint:
    person_id: str
    role: MemberRole
    term_starts_on: date
    term_ends_on: date | None = None


@dataclass(frozen=True)
class EndAppointment:
    appointment_id: str
    ended_on: date


@dataclass(frozen=True)
class MergePersons:
    survivor_id: str
    duplicate_id: str


@dataclass(frozen=True)
class MergeAssociations:
    survivor_id: str
    duplicate_id: str


@dataclass(frozen=True)
class LogInteraction:
    contact_kind: ContactKind
    contact_id: str
    kind: InteractionKind
    occurred_on: date
    staff_cadre_id: str
    notes: str | None = None


async def _live(uow: UnitOfWork, model: type[Contact], what: str, id_: str) -> Contact:
    """The record, locked; 404 when unknown, 409 once merged into another."""
    row: Contact = await get_or_404(uow.session, model, what, id_, for_update=True)
    if row.merged_into is not None:
        raise Conflict(
            f"{what} {id_} was merged into {row.merged_into}",
            current_state="merged",
            merged_into=row.merged_into,
            allowed_commands=[],
        )
    return row


async def _referred(uow: UnitOfWork, model: type[Contact], what: str, id_: str, field: str) -> Contact:
    """A record another one refers to in `field`: 422 when unknown or merged."""
    row: Contact | None = await uow.session.get(model, id_, with_for_update=True)
    if row is None or row.merged_into is not None:
        raise Invalid(field, f"no such {what}" if row is None else f"the {what} was merged into another")
    return row


def _likely_duplicates(what: str, found: list[Duplicate]) -> Conflict:
    return Conflict(
        f"likely duplicate {what}: merge, or register with register_despite_duplicates",
        duplicates=[d.model_dump() for d in found],
    )


async def register_association(uow: UnitOfWork, cmd: RegisterAssociation) -> Association:
    zh, rom = rules.zh_key(cmd.name_zh), rules.association_romanised_key(cmd.name_romanised)
    probe = rules.association_probe(cmd.name_zh, cmd.name_romanised)
    found = await association_duplicates(uow.session, country=cmd.country, zh=zh, rom=rom, probe=probe)
    if found and not cmd.register_despite_duplicates:
        raise _likely_duplicates("association", found)
    a = Association(
        id=new_id(),
        name_zh=cmd.name_zh,
        name_romanised=cmd.name_romanised,
        zh_key=zh,
        romanised_key=rom,
        country=cmd.country,
        city=cmd.city,
        field=cmd.field,
        hometown=cmd.hometown,
        leaders=[dict(x) for x in cmd.leaders],
        founded_year=cmd.founded_year,
        status=cmd.status.value,
        merged_into=None,
        created_at=uow.now,
    )
    uow.session.add(a)
    uow.emit(
        a.id,
        AssociationRegistered(
            association_id=a.id,
            name_zh=a.name_zh,
            name_romanised=a.name_romanised,
            country=a.country,
            city=a.city,
            field=a.field,
            hometown=a.hometown,
            founded_year=a.founded_year,
        ),
    )
    return a


async def register_person(uow: UnitOfWork, cmd: RegisterPerson) -> Person:
    if cmd.association_id:
        await _referred(uow, Association, "association", cmd.association_id, "association_id")
    zh, rom = rules.zh_key(cmd.name_zh), rules.person_romanised_key(cmd.family_name, cmd.given_name)
    probe = rules.person_probe(cmd.name_zh, cmd.family_name, cmd.given_name)
    found = await person_duplicates(uow.session, country=cmd.country, zh=zh, rom=rom, probe=probe)
    if found and not cmd.register_despite_duplicates:
        raise _likely_duplicates("person", found)
    p = Person(
        id=new_id(),
        name_zh=cmd.name_zh,
        family_name=cmd.family_name,
        given_name=cmd.given_name,
        zh_key=zh,
        romanised_key=rom,
        country=cmd.country,
        city=cmd.city,
        field=cmd.field,
        hometown=cmd.hometown,
        association_id=cmd.association_id,
        phone=cmd.phone,
        email=cmd.email,
        address=cmd.address,
        merged_into=None,
        created_at=uow.now,
    )
    uow.session.add(p)
    uow.emit(
        p.id,
        PersonRegistered(
            person_id=p.id,
            name_zh=p.name_zh,
            name_romanised=rules.romanised_name(p.family_name, p.given_name),
            country=p.country,
            field=p.field,
            hometown=p.hometown,
            association_id=p.association_id,
        ),
    )
    return p


async def change_association(uow: UnitOfWork, cmd: ChangeAssociation) -> Association:
    a = await _live(uow, Association, "association", cmd.association_id)
    for attr, value in cmd.changes.items():
        if value is None and attr in ("field", "status"):
            raise Invalid(attr, "cannot be empty")
        setattr(a, attr, value.value if isinstance(value, AssociationStatus) else value)
    uow.emit(
        a.id, AssociationUpdated(association_id=a.id, city=a.city, field=a.field, hometown=a.hometown, status=a.status)
    )
    return a


async def change_person(uow: UnitOfWork, cmd: ChangePerson) -> Person:
    p = await _live(uow, Person, "person", cmd.person_id)
    changes = cmd.changes
    if changes.get("association_id"):
        await _referred(uow, Association, "association", changes["association_id"], "association_id")
    if "field" in changes and changes["field"] is None:
        raise Invalid("field", "cannot be empty")
    for attr, value in changes.items():
        setattr(p, attr, value)
    if {"field", "hometown", "association_id"} & changes.keys():  # what the registry holds
        uow.emit(
            p.id, PersonUpdated(person_id=p.id, field=p.field, hometown=p.hometown, association_id=p.association_id)
        )
    return p


async def appoint(uow: UnitOfWork, cmd: Appoint) -> Appointment:
    person = await _live(uow, Person, "person", cmd.person_id)
    rules.check_term(cmd.term_starts_on, cmd.term_ends_on)
    clash = await uow.session.scalar(
        sa.select(Appointment.id).where(
            Appointment.person_id == person.id, Appointment.role == cmd.role.value, Appointment.state == "active"
        )
    )
    if clash:
        raise Conflict(f"person {person.id} already holds the role {cmd.role.value}", appointment_id=clash)
    a = Appointment(
        id=new_id(),
        person_id=person.id,
        role=cmd.role.value,
        term_starts_on=cmd.term_starts_on,
        term_ends_on=cmd.term_ends_on,
        state="active",
        created_at=uow.now,
    )
    uow.session.add(a)
    if a.term_ends_on is not None:
        await deadlines.set(uow, MEMBER_TERM, a.id, a.term_ends_on)
    uow.emit(
        a.id,
        MemberAppointed(
            appointment_id=a.id,
            person_id=person.id,
            association_id=person.association_id,
            role=cmd.role,
            term_starts_on=a.term_starts_on,
            term_ends_on=a.term_ends_on,
        ),
    )
    return a


async def end_appointment(uow: UnitOfWork, cmd: EndAppointment) -> Appointment:
    """A role ended (early or at its term): no more term warnings."""
    a: Appointment = await get_or_404(uow.session, Appointment, "appointment", cmd.appointment_id, for_update=True)
    rules.check_end(a.id, a.state, a.term_starts_on, cmd.ended_on)
    a.state, a.ended_on = "ended", cmd.ended_on
    await deadlines.meet(uow, MEMBER_TERM, a.id, cmd.ended_on)
    uow.emit(a.id, MemberAppointmentEnded(appointment_id=a.id, ended_on=cmd.ended_on))
    return a


async def merge_persons(uow: UnitOfWork, cmd: MergePersons) -> Person:
    """The duplicate's roles, interactions and visit memberships move to the survivor."""
    rules.check_distinct(cmd.survivor_id, cmd.duplicate_id)
    survivor = await _live(uow, Person, "person", cmd.survivor_id)
    dup = await _live(uow, Person, "person", cmd.duplicate_id)
    rules.fill_blanks(survivor, dup, rules.PERSON_FILLED)
    survivor.zh_key = rules.zh_key(survivor.name_zh)
    survivor.romanised_key = rules.person_romanised_key(survivor.family_name, survivor.given_name)
    await uow.session.execute(
        sa.update(Appointment).where(Appointment.person_id == dup.id).values(person_id=survivor.id)
    )
    await _move_interactions(uow, ContactKind.person, dup.id, survivor.id)
    visits = (await uow.session.scalars(sa.select(DelegationVisit).where(DelegationVisit.members.is_not(None)))).all()
    for v in visits:
        members = list(v.members or [])
        if dup.id in members:
            v.members = list(dict.fromkeys(survivor.id if m == dup.id else m for m in members))
    dup.merged_into = survivor.id
    uow.emit(survivor.id, ContactMerged(kind=ContactKind.person, survivor_id=survivor.id, merged_id=dup.id))
    return survivor


async def merge_associations(uow: UnitOfWork, cmd: MergeAssociations) -> Association:
    """The duplicate's persons, interactions and visits move to the survivor."""
    rules.check_distinct(cmd.survivor_id, cmd.duplicate_id)
    survivor = await _live(uow, Association, "association", cmd.survivor_id)
    dup = await _live(uow, Association, "association", cmd.duplicate_id)
    rules.fill_blanks(survivor, dup, rules.ASSOCIATION_FILLED)
    survivor.leaders = rules.merged_leaders(survivor.leaders or [], dup.leaders or [])
    survivor.zh_key = rules.zh_key(survivor.name_zh)
    survivor.romanised_key = rules.association_romanised_key(survivor.name_romanised)
    await uow.session.execute(
        sa.update(Person).where(Person.association_id == dup.id).values(association_id=survivor.id)
    )
    await uow.session.execute(
        sa.update(DelegationVisit).where(DelegationVisit.association_id == dup.id).values(association_id=survivor.id)
    )
    await _move_interactions(uow, ContactKind.association, dup.id, survivor.id)
    dup.merged_into = survivor.id
    uow.emit(survivor.id, ContactMerged(kind=ContactKind.association, survivor_id=survivor.id, merged_id=dup.id))
    return survivor


async def _move_interactions(uow: UnitOfWork, kind: ContactKind, old: str, new: str) -> None:
    await uow.session.execute(
        sa.update(Interaction)
        .where(Interaction.contact_kind == kind.value, Interaction.contact_id == old)
        .values(contact_id=new)
    )


async def log_interaction(uow: UnitOfWork, cmd: LogInteraction) -> Interaction:
    if cmd.contact_kind == ContactKind.person:
        await _referred(uow, Person, "person", cmd.contact_id, "contact_id")
    else:
        await _referred(uow, Association, "association", cmd.contact_id, "contact_id")
    rules.check_occurred(cmd.occurred_on, uow.today)
    i = Interaction(
        id=new_id(),
        contact_kind=cmd.contact_kind.value,
        contact_id=cmd.contact_id,
        kind=cmd.kind.value,
        occurred_on=cmd.occurred_on,
        staff_cadre_id=cmd.staff_cadre_id,
        notes=cmd.notes,
        created_at=uow.now,
    )
    uow.session.add(i)
    uow.emit(
        i.id,
        InteractionLogged(
            interaction_id=i.id,
            contact_kind=cmd.contact_kind,
            contact_id=i.contact_id,
            kind=cmd.kind,
            occurred_on=i.occurred_on,
            staff_cadre_id=i.staff_cadre_id,
        ),
    )
    return i
