"""Sessions (only digests of their tokens), and the recent failed sign-ins of each username."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..database import Base, Instant


class Session(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # SHA-256 of the cookie's token
    account_id: Mapped[str] = mapped_column(sa.ForeignKey("accounts.id"), index=True)
    csrf_digest: Mapped[str] = mapped_column(sa.String(64))  # SHA-256 of the session's CSRF token
    created_at: Mapped[datetime] = mapped_column(Instant)
    last_seen_at: Mapped[datetime] = mapped_column(Instant)


class LoginThrottle(Base):
    """Per username as typed (normalised), known or not: the failures still in the window, the lock."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    failures: Mapped[list[str]] = mapped_column(sa.JSON)  # ISO instants, oldest first
    locked_until: Mapped[datetime | None] = mapped_column(Instant)
    updated_at: Mapped[datetime] = mapped_column(Instant, index=True)
