"""Committees of overseas figures and their members (key persons)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Committee(Base):
    __tablename__ = "committees"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(30), index=True)  # youth_committee, overseas_advisers
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    session_no: Mapped[int] = mapped_column(sa.Integer)  # 第N屆
    term_starts_on: Mapped[date] = mapped_column(sa.Date)
    term_ends_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CommitteeMember(Base):
    __tablename__ = "committee_members"
    __table_args__ = (sa.UniqueConstraint("committee_id", "person_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    committee_id: Mapped[str] = mapped_column(sa.ForeignKey("committees.id"), index=True)
    person_id: Mapped[str] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(30))  # chair, vice_chair, member, adviser
    joined_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
