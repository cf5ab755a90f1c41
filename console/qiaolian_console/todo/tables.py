"""One row per thing to do: which card it belongs on, whom it is for, which record it is about."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import BigId

from ..database import Base, Instant


class TodoItem(Base):
    __tablename__ = "todo_items"
    __table_args__ = (sa.UniqueConstraint("card", "audience", "record_kind", "record_id", "what"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    card: Mapped[str] = mapped_column(sa.String(20))  # assigned | deadline | approval
    # whom it is for: "cadre:<cadre id>", "office:<office>" (everyone of that office) or "role:<role>"
    audience: Mapped[str] = mapped_column(sa.String(100), index=True)
    record_kind: Mapped[str] = mapped_column(sa.String(40))  # petition, task, article, identity_review
    record_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    what: Mapped[str] = mapped_column(sa.String(40))  # the deadline or step: first_decision, handling, review …
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    link: Mapped[str] = mapped_column(sa.String(200))  # the record's page in the web app
    updated_at: Mapped[datetime] = mapped_column(Instant)
