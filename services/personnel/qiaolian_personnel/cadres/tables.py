"""Cadres and the lines of their records."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.search import TrigramSearch
from qiaolian_chassis.tables import UtcDateTime

from ..database import Base

# a part of a cadre's name, as the list searches it (migrations 0010_search15_names and
# 0013_search15_bigrams build its indexes)
CADRE_NAMES = TrigramSearch("cadres", ("name",), bigram_chars=100)


class Cadre(Base):
    __tablename__ = "cadres"
    __table_args__ = (sa.Index("ix_cadres_name_id", "name", "id"),)

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
