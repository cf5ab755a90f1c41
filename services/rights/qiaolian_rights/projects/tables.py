"""The project table. Contacts and notes stay here."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Project(Base):
    __tablename__ = "economic_projects"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200))  # the enterprise or institution
    sector: Mapped[str] = mapped_column(sa.String(64), index=True)
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    intended_amount_10k_yuan: Mapped[int | None] = mapped_column(sa.BigInteger)
    lead_on: Mapped[date] = mapped_column(sa.Date, index=True)
    stage: Mapped[str] = mapped_column(sa.String(20), index=True)
    stage_on: Mapped[date] = mapped_column(sa.Date)
    signed_on: Mapped[date | None] = mapped_column(sa.Date)
    contract_amount_10k_yuan: Mapped[int | None] = mapped_column(sa.BigInteger)
    drop_reason: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
