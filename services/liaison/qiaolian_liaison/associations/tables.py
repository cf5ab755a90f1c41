"""Tables of associations, key persons, their roles and the interaction log.

Phones, e-mail and addresses of persons stay in these tables; events carry ids, codes, dates, and the
public names the resource registry needs.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.search import TrigramSearch
from qiaolian_chassis.tables import UtcDateTime

from ..database import Base

# the parts of names the lists search (migrations 0006_search15_names and 0009_search15_bigrams build
# their indexes)
ASSOCIATION_NAMES = TrigramSearch("associations", ("name_zh", "name_romanised"), bigram_chars=200)
PERSON_NAMES = TrigramSearch("persons", ("name_zh", "family_name", "given_name"), bigram_chars=100)


class Association(Base):
    __tablename__ = "associations"
    __table_args__ = (sa.Index("ix_associations_country_id", "country", "id"),)

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
    __table_args__ = (sa.Index("ix_persons_country_id", "country", "id"),)

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
