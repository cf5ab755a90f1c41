"""The counsel roster's table."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Counsel(Base):
    __tablename__ = "counsel"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(30), index=True)
    # the committee the member sits on (法律顧問委員會, 特聘專家委員會), none for the rest of the roster
    committee: Mapped[str | None] = mapped_column(sa.String(30), index=True)
    organisation: Mapped[str | None] = mapped_column(sa.String(200))  # law firm or mediation body
    term_from: Mapped[date] = mapped_column(sa.Date)
    term_to: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    ended_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
