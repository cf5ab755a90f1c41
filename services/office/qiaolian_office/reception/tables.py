"""Receptions arranged for delegation visits."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Reception(Base):
    __tablename__ = "receptions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    visit_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    association_name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
