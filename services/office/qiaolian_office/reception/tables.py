"""Receptions: for a delegation visit (`visit_id`) or standalone, with their plan and cost."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Reception(Base):
    __tablename__ = "receptions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    visit_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    association_name: Mapped[str] = mapped_column(sa.String(200))  # the guests' organisation
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # the plan
    guests: Mapped[int | None] = mapped_column(sa.Integer)
    guest_level: Mapped[str | None] = mapped_column(sa.String(20))
    meals: Mapped[int | None] = mapped_column(sa.Integer)  # per guest
    nights: Mapped[int | None] = mapped_column(sa.Integer)  # of accommodation, per guest
    venue: Mapped[str | None] = mapped_column(sa.String(200))
    hosting_leader_id: Mapped[str | None] = mapped_column(sa.String(64))  # a cadre of the staff directory
    budget_yuan: Mapped[int | None] = mapped_column(sa.BigInteger)
    # what happened
    decline_reason: Mapped[str | None] = mapped_column(sa.String(20))
    decline_note: Mapped[str | None] = mapped_column(sa.String(500))
    decided_on: Mapped[date | None] = mapped_column(sa.Date)  # confirmed or declined
    held_on: Mapped[date | None] = mapped_column(sa.Date)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    actual_cost_yuan: Mapped[int | None] = mapped_column(sa.BigInteger)
