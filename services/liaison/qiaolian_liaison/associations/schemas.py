"""The HTTP request and response models of associations, key persons, roles and the interaction log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from qiaolian_chassis.http import Day
from qiaolian_contracts.events.common import Code, CountryCode, Id
from qiaolian_contracts.events.liaison import ContactKind, InteractionKind, MemberRole

from .rules import AssociationStatus
from .tables import Appointment, Association, Interaction, Person

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
        return cls(
            id=a.id,
            name_zh=a.name_zh,
            name_romanised=a.name_romanised,
            country=a.country,
            city=a.city,
            field=a.field,
            hometown=a.hometown,
            leaders=list(a.leaders or []),
            founded_year=a.founded_year,
            status=a.status,
            merged_into=a.merged_into,
            created_at=a.created_at,
        )


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
    def of(cls, p: Person, *, contacts: bool = True) -> PersonOut:
        """`contacts`: whether phone, e-mail and address are shown (else None; ACCESS.md)."""
        return cls(
            id=p.id,
            name_zh=p.name_zh,
            family_name=p.family_name,
            given_name=p.given_name,
            country=p.country,
            city=p.city,
            field=p.field,
            hometown=p.hometown,
            association_id=p.association_id,
            phone=p.phone if contacts else None,
            email=p.email if contacts else None,
            address=p.address if contacts else None,
            merged_into=p.merged_into,
            created_at=p.created_at,
        )


class NewAppointment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: MemberRole
    term_starts_on: Day
    term_ends_on: Day | None = Field(None, description="none for an open-ended role")


class EndAppointment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: Day


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
        return cls(
            id=a.id,
            person_id=a.person_id,
            role=MemberRole(a.role),
            term_starts_on=a.term_starts_on,
            term_ends_on=a.term_ends_on,
            ended_on=a.ended_on,
            state=a.state,
        )


class Merge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    duplicate_id: Id = Field(description="the record merged into this one (the survivor)")


class NewInteraction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contact_kind: ContactKind
    contact_id: Id
    kind: InteractionKind
    occurred_on: Day
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
    def of(cls, i: Interaction, *, notes: bool = True) -> InteractionOut:
        """`notes`: whether the interaction's notes are shown (else None; ACCESS.md)."""
        return cls(
            id=i.id,
            contact_kind=ContactKind(i.contact_kind),
            contact_id=i.contact_id,
            kind=InteractionKind(i.kind),
            occurred_on=i.occurred_on,
            staff_cadre_id=i.staff_cadre_id,
            notes=i.notes if notes else None,
        )
