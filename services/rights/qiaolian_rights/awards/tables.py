"""The tables of award calls and nominations. The nominee's name and the dossier stay here."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class AwardCall(Base):
    __tablename__ = "award_calls"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    edition: Mapped[int] = mapped_column(sa.Integer, index=True)
    opens_on: Mapped[date] = mapped_column(sa.Date)
    closes_on: Mapped[date] = mapped_column(sa.Date)
    quota: Mapped[int | None] = mapped_column(sa.Integer)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AwardNomination(Base):
    __tablename__ = "award_nominations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    call_id: Mapped[str] = mapped_column(sa.ForeignKey("award_calls.id"), index=True)
    nominee_kind: Mapped[str] = mapped_column(sa.String(20))
    nominee_name: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str] = mapped_column(sa.String(64), index=True)
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    dossier: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    submitted_on: Mapped[date | None] = mapped_column(sa.Date)
    reviewed_on: Mapped[date | None] = mapped_column(sa.Date)
    review_note: Mapped[str | None] = mapped_column(sa.Text)
    recommended_on: Mapped[date | None] = mapped_column(sa.Date)
    result_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
