"""The confidential mail register's table."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class ConfidentialMail(Base):
    __tablename__ = "confidential_mail"
    __table_args__ = (
        sa.Index("ix_confidential_mail_state_due", "state", "due_on", "id"),
        sa.Index("ix_confidential_mail_registered", "registered_on", "id"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    direction: Mapped[str] = mapped_column(sa.String(20))
    serial_number: Mapped[str] = mapped_column(sa.String(60))  # the piece's number (機要編號)
    title: Mapped[str] = mapped_column(sa.String(300))  # shown only to the cleared
    classification: Mapped[str] = mapped_column(sa.String(20), index=True)
    counterpart: Mapped[str] = mapped_column(sa.String(200))  # the sending or receiving organ
    copies: Mapped[int] = mapped_column(sa.Integer)
    handler_id: Mapped[str] = mapped_column(sa.String(64))  # a cadre of the staff directory
    registered_on: Mapped[date] = mapped_column(sa.Date)
    disposal: Mapped[str] = mapped_column(sa.String(20))  # return or destroy
    due_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20))
    disposed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
