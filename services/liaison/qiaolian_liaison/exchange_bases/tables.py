"""Tables of cultural exchange bases and activities."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class ExchangeBase(Base):
    __tablename__ = "exchange_bases"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    location: Mapped[str] = mapped_column(sa.String(200))
    accredited_on: Mapped[date] = mapped_column(sa.Date)
    review_due_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    last_reviewed_on: Mapped[date | None] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # accredited, revoked
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ExchangeActivity(Base):
    __tablename__ = "exchange_activities"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(64), index=True)
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    participants: Mapped[int] = mapped_column(sa.Integer)
    base_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
