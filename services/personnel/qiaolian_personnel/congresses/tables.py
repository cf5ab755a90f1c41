"""Congresses, their quotas, delegates and elected committee members."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Congress(Base):
    __tablename__ = "congresses"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    session_no: Mapped[int] = mapped_column(sa.Integer)  # 第N次
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # planned, held
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CongressQuota(Base):
    """The delegates a city or university federation may nominate to a congress."""

    __tablename__ = "congress_quotas"
    __table_args__ = (sa.UniqueConstraint("congress_id", "federation_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    congress_id: Mapped[str] = mapped_column(sa.ForeignKey("congresses.id"), index=True)
    federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    seats: Mapped[int] = mapped_column(sa.Integer)


class CongressDelegate(Base):
    __tablename__ = "congress_delegates"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    congress_id: Mapped[str] = mapped_column(sa.ForeignKey("congresses.id"), index=True)
    federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    identity_review_id: Mapped[str | None] = mapped_column(sa.ForeignKey("identity_reviews.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CommitteeMember(Base):
    """A delegate elected to the committee (委員會) by the congress."""

    __tablename__ = "congress_committee_members"
    __table_args__ = (sa.UniqueConstraint("delegate_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    congress_id: Mapped[str] = mapped_column(sa.ForeignKey("congresses.id"), index=True)
    delegate_id: Mapped[str] = mapped_column(sa.ForeignKey("congress_delegates.id"))
    role: Mapped[str] = mapped_column(sa.String(30))
