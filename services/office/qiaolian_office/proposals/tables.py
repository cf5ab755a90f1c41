"""Proposals and motions for the NPC and CPPCC sessions."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        sa.Index("ix_proposals_year_created", "session_year", "created_at", "id"),
        sa.Index("ix_proposals_state_due", "state", "reply_due_on", "id"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    body: Mapped[str] = mapped_column(sa.String(20))  # npc or cppcc
    kind: Mapped[str] = mapped_column(sa.String(20))
    session_year: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(300))
    content: Mapped[str] = mapped_column(sa.Text)
    proposers: Mapped[str] = mapped_column(sa.String(500))  # the members (deputies) who bring it; kept in office
    state: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    review_note: Mapped[str | None] = mapped_column(sa.String(1000))
    handling_organ: Mapped[str | None] = mapped_column(sa.String(200))
    submitted_on: Mapped[date | None] = mapped_column(sa.Date)
    reply_due_on: Mapped[date | None] = mapped_column(sa.Date)
    replied_on: Mapped[date | None] = mapped_column(sa.Date)
    reply_summary: Mapped[str | None] = mapped_column(sa.String(2000))
    rating: Mapped[str | None] = mapped_column(sa.String(30))
    rated_on: Mapped[date | None] = mapped_column(sa.Date)
