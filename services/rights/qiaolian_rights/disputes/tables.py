"""The dispute table. The parties' names and the facts stay here."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Dispute(Base):
    __tablename__ = "disputes"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    petition_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    category: Mapped[str] = mapped_column(sa.String(64), index=True)
    parties: Mapped[list[str]] = mapped_column(sa.JSON)
    facts: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    forum: Mapped[str | None] = mapped_column(sa.String(20))
    forum_name: Mapped[str | None] = mapped_column(sa.String(200))
    referred_on: Mapped[date | None] = mapped_column(sa.Date)
    outcome_on: Mapped[date | None] = mapped_column(sa.Date)
    outcome_note: Mapped[str | None] = mapped_column(sa.Text)
    referrals: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
