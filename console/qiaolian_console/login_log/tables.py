"""The login log: one line per sign-in, refusal, lockout and sign-out."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import BigId

from ..database import Base, Instant


class LoginEvent(Base):
    __tablename__ = "login_log"
    __table_args__ = (sa.Index("ix_login_log_username_at", "username", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(Instant, index=True)
    username: Mapped[str] = mapped_column(sa.String(100))  # as typed (control characters dropped)
    account_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)  # when an account has the name
    client_ip: Mapped[str | None] = mapped_column(sa.String(45))
    outcome: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str | None] = mapped_column(sa.String(20))
