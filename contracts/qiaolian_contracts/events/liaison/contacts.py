"""Facts of overseas associations and key persons, their roles and interactions."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from ...envelope import Payload
from ..common import Code, CountryCode, Id

PublicName = Field(min_length=1, max_length=200)


class ContactKind(StrEnum):
    person = "person"
    association = "association"


class MemberRole(StrEnum):
    """The federation's roles for overseas figures."""

    overseas_adviser = "overseas_adviser"  # 海外顧問
    committee_member = "committee_member"  # 委員
    youth_committee_member = "youth_committee_member"  # 青年委員
    hmt_contact = "hmt_contact"  # 港澳台聯絡人 (Hong Kong / Macao / Taiwan contact)


class InteractionKind(StrEnum):
    visit = "visit"
    call = "call"
    meeting = "meeting"
    letter = "letter"
    gift = "gift"


class AssociationRegistered(Payload):
    """An overseas Chinese association (社團) was registered; office's resource registry lists it."""

    association_id: Id
    name_zh: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="name of a public organisation: the resource registry lists it by name",
    )
    name_romanised: str | None = Field(
        None, min_length=1, max_length=200, description="romanised name of the public organisation, for the registry"
    )
    country: CountryCode
    city: str | None = Field(None, max_length=100, description="city abroad where the organisation is based")
    field: Code = Field(description="area of work, e.g. business, culture, science, hometown, youth")
    hometown: str | None = Field(None, max_length=100, description="place in Hunan the members come from, if any")
    founded_year: int | None = Field(None, ge=1800, le=2100)


class PersonRegistered(Payload):
    """A key overseas person was registered. Phones, addresses and documents stay in liaison."""

    person_id: Id
    name_zh: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="name of a public overseas community figure: the resource registry (僑務資源) lists them by name",
    )
    name_romanised: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="romanised name of the same public figure, for the registry's search",
    )
    country: CountryCode
    field: Code = Field(description="area of work, e.g. business, culture, science, education")
    hometown: str | None = Field(None, max_length=100, description="place in Hunan the person comes from, if any")
    association_id: Id | None = None


class AssociationUpdated(Payload):
    """An association's location, field, hometown or status changed (its names do not change here)."""

    association_id: Id
    city: str | None = Field(None, max_length=100, description="city abroad where the organisation is based")
    field: Code
    hometown: str | None = Field(None, max_length=100)
    status: Code = Field(description="active, dormant or dissolved")


class PersonUpdated(Payload):
    """A key person's field, hometown or association changed. Contact details never travel."""

    person_id: Id
    field: Code
    hometown: str | None = Field(None, max_length=100)
    association_id: Id | None = None


class MemberAppointed(Payload):
    """A key person took a federation role (adviser, committee member, ...) for a term."""

    appointment_id: Id
    person_id: Id
    association_id: Id | None = None
    role: MemberRole
    term_starts_on: date
    term_ends_on: date | None = Field(None, description="none for an open-ended role")


class MemberTermExpiring(Payload):
    """A key person's term ends soon (by default within 60 days): renew it or let it end."""

    appointment_id: Id = Field(description="the appointment of member.appointed (which names person and role)")
    term_ends_on: date


class MemberAppointmentEnded(Payload):
    """A key person's appointment ended, at its term or early: no more warnings of its term's end."""

    appointment_id: Id = Field(description="the appointment of member.appointed")
    ended_on: date


class ContactMerged(Payload):
    """Two records of the same person or association were combined; re-point references to the survivor."""

    kind: ContactKind
    survivor_id: Id
    merged_id: Id


class InteractionLogged(Payload):
    """A contact with a person or association (visit, call, ...) was logged; its notes stay in liaison."""

    interaction_id: Id
    contact_kind: ContactKind
    contact_id: Id
    kind: InteractionKind
    occurred_on: date
    staff_cadre_id: Id


class CommitteeKind(StrEnum):
    """The committees of overseas figures whose terms liaison keeps."""

    youth_committee = "youth_committee"  # 青年委員會
    overseas_advisers = "overseas_advisers"  # 海外顧問


class CommitteeFormed(Payload):
    """A youth committee or the overseas advisers were constituted for a term."""

    committee_id: Id
    kind: CommitteeKind
    session_no: int = Field(ge=1, le=100)
    term_starts_on: date
    term_ends_on: date


class CommitteeTermExpiring(Payload):
    """A committee's term ends soon (by default within 60 days): renew it or let it end."""

    committee_id: Id
    term_ends_on: date


class CommitteeTermRenewed(Payload):
    """A committee was renewed for a new term; the expiring term is dealt with."""

    committee_id: Id
    previous_term_ends_on: date
    term_starts_on: date
    term_ends_on: date
