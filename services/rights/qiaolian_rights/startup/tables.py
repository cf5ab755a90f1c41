"""The tables of 創業中華 activities and startup bases."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class StartupActivity(Base):
    __tablename__ = "startup_activities"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(64), index=True)
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    participants: Mapped[int] = mapped_column(sa.Integer)
    projects_matched: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StartupBase(Base):
    __tablename__ = "startup_bases"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    operator: Mapped[str] = mapped_column(sa.String(200))  # the park, incubator or enterprise running it
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    focus: Mapped[str] = mapped_column(sa.String(64), index=True)
    applied_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    decided_on: Mapped[date | None] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
