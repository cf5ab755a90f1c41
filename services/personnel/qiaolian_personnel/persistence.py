"""personnel's tables: cadres and appointments, establishment, grassroots federations and elections,
identity reviews, commendations, training. Personal data (certificate numbers, nominees' names)
lives only here."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from .database import Base


class Cadre(Base):
    __tablename__ = "cadres"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    gender: Mapped[str | None] = mapped_column(sa.String(10))
    birth_date: Mapped[date | None] = mapped_column(sa.Date)
    office: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    post: Mapped[str | None] = mapped_column(sa.String(100))
    post_level: Mapped[str | None] = mapped_column(sa.String(20))
    state: Mapped[str] = mapped_column(sa.String(20), server_default="unassigned", index=True)
    left_on: Mapped[date | None] = mapped_column(sa.Date)  # removed from the last post, or retired
    left_reason: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Appointment(Base):
    """One line of a cadre's record: an appointment, transfer, removal or retirement."""

    __tablename__ = "appointments"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), server_default="appointment")
    office: Mapped[str] = mapped_column(sa.String(20))
    post: Mapped[str] = mapped_column(sa.String(100))
    post_level: Mapped[str | None] = mapped_column(sa.String(20))
    reason: Mapped[str | None] = mapped_column(sa.String(20))
    effective_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Establishment(Base):
    """Approved slots (編制) of an office at a post level."""

    __tablename__ = "establishment"

    office: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    post_level: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    approved: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Federation(Base):
    """A grassroots federation (city, county, university, 僑胞之家) and its current term."""

    __tablename__ = "federations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    level: Mapped[str] = mapped_column(sa.String(30), index=True)
    region: Mapped[str | None] = mapped_column(sa.String(100))
    term_no: Mapped[int] = mapped_column(sa.Integer)
    term_starts_on: Mapped[date] = mapped_column(sa.Date)
    term_ends_on: Mapped[date] = mapped_column(sa.Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FederationLeader(Base):
    __tablename__ = "federation_leaders"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    term_no: Mapped[int] = mapped_column(sa.Integer)
    name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(30))


class Election(Base):
    __tablename__ = "elections"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    held_on: Mapped[date] = mapped_column(sa.Date)
    approved_on: Mapped[date] = mapped_column(sa.Date)
    approval_document: Mapped[str] = mapped_column(sa.String(100))  # 批覆文號
    previous_term_ends_on: Mapped[date] = mapped_column(sa.Date)
    term_no: Mapped[int] = mapped_column(sa.Integer)
    term_starts_on: Mapped[date] = mapped_column(sa.Date)
    term_ends_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IdentityReview(Base):
    __tablename__ = "identity_reviews"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    leader_name: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[str] = mapped_column(sa.String(50))
    identity_type: Mapped[str] = mapped_column(sa.String(30), index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    missing: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    submitted_on: Mapped[date] = mapped_column(sa.Date)
    verified_on: Mapped[date | None] = mapped_column(sa.Date)
    filed_on: Mapped[date | None] = mapped_column(sa.Date)
    filed_by: Mapped[str | None] = mapped_column(sa.String(64))
    filed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IdentityDocument(Base):
    """A certificate submitted for a review; its number is personal data and never leaves personnel."""

    __tablename__ = "identity_documents"
    __table_args__ = (sa.UniqueConstraint("review_id", "code"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    review_id: Mapped[str] = mapped_column(sa.ForeignKey("identity_reviews.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    certificate_number: Mapped[str] = mapped_column(sa.String(100))
    issued_by: Mapped[str | None] = mapped_column(sa.String(200))


class Commendation(Base):
    __tablename__ = "commendations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    notice_starts_on: Mapped[date | None] = mapped_column(sa.Date)
    notice_ends_on: Mapped[date | None] = mapped_column(sa.Date)
    decided_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Nomination(Base):
    __tablename__ = "nominations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    commendation_id: Mapped[str] = mapped_column(sa.ForeignKey("commendations.id"), index=True)
    nominee_kind: Mapped[str] = mapped_column(sa.String(20))
    nominee_name: Mapped[str] = mapped_column(sa.String(200))
    cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    # nominated -> approved | not_approved (review); approved -> withdrawn (objection upheld) | awarded
    state: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Objection(Base):
    __tablename__ = "objections"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    nomination_id: Mapped[str] = mapped_column(sa.ForeignKey("nominations.id"), index=True)
    lodged_on: Mapped[date] = mapped_column(sa.Date)
    summary: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20))  # lodged, upheld, dismissed
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

