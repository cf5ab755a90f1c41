"""personnel's tables: cadre records and their appointments."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from qiaolian_chassis.tables import ChassisTables, UtcDateTime, new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


chassis = ChassisTables.on(Base.metadata)


class Cadre(Base):
    __tablename__ = "cadres"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    gender: Mapped[str | None] = mapped_column(sa.String(10))
    birth_date: Mapped[date | None] = mapped_column(sa.Date)
    office: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    post: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Appointment(Base):
    __tablename__ = "appointments"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    office: Mapped[str] = mapped_column(sa.String(20))
    post: Mapped[str] = mapped_column(sa.String(100))
    effective_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


metadata = Base.metadata
