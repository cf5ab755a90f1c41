"""Federations, their leaders per term, and their elections."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Federation(Base):
    """A grassroots federation (province, city, county, university, 僑胞之家), its parent, and its current term."""

    __tablename__ = "federations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    level: Mapped[str] = mapped_column(sa.String(30), index=True)
    parent_id: Mapped[str | None] = mapped_column(sa.ForeignKey("federations.id"), index=True)
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


class FederationLink(Base):
    """「地方僑聯+大學僑聯+校友會」: a local federation, a university federation and an alumni association (校友會)
    that work together; one link per local and university federation."""

    __tablename__ = "federation_links"
    __table_args__ = (sa.UniqueConstraint("local_federation_id", "university_federation_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    local_federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    university_federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    alumni_association: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
