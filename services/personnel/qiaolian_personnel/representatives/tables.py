"""Representatives and their seats."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Representative(Base):
    __tablename__ = "representatives"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    identity: Mapped[str] = mapped_column(sa.String(30))  # returnee, relative
    assembly: Mapped[str] = mapped_column(sa.String(20), index=True)
    level: Mapped[str] = mapped_column(sa.String(20), index=True)
    session_no: Mapped[int] = mapped_column(sa.Integer)  # 屆
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    nominated_on: Mapped[date] = mapped_column(sa.Date)
    seated_on: Mapped[date | None] = mapped_column(sa.Date)
    term_ends_on: Mapped[date | None] = mapped_column(sa.Date)
    end_reason: Mapped[str | None] = mapped_column(sa.String(20))  # TermEndReason, once the term ended
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
