"""The supervision board's table."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class SupervisionItem(Base):
    """A deadline office watches: its own from its commands, the other offices' from their events.
    `kind` is a `BoardItemKind` value; (kind, source_id) names the record it watches."""

    __tablename__ = "supervision_items"
    __table_args__ = (
        sa.UniqueConstraint("kind", "source_id"),
        sa.Index("ix_supervision_items_board", "office", "state", "due_on", "id"),
        sa.Index("ix_supervision_items_state_due", "state", "due_on", "id"),
        sa.Index("ix_supervision_items_kind_state_due", "kind", "state", "due_on", "id"),
        # the summary per office (open, overdue, due soon) reads only this index, in its groups' order
        sa.Index("ix_supervision_items_summary", "state", "office", "due_on"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    source_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    # counted into a year the holiday calendar has no data for (rights' deadline_changed says so)
    provisional: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false(), default=False)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
