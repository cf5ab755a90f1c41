"""Accounts, and the log of every change made to one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import BigId

from ..database import Base, Instant


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))  # Argon2id, in its PHC string form
    cadre_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)  # the person in personnel
    office: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    roles: Mapped[list[str]] = mapped_column(sa.JSON)  # names of contracts' Role, sorted
    state: Mapped[str] = mapped_column(sa.String(20), server_default="active")  # active | disabled
    created_at: Mapped[datetime] = mapped_column(Instant)
    updated_at: Mapped[datetime] = mapped_column(Instant)
    password_changed_at: Mapped[datetime] = mapped_column(Instant)

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles)


class AccountChange(Base):
    """Who changed which account, when, and what: roles and offices before and after, never a password."""

    __tablename__ = "account_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(Instant, index=True)
    account_id: Mapped[str] = mapped_column(sa.ForeignKey("accounts.id"), index=True)
    # the admin's account id; `personnel` for a change that followed a cadre event; `cli`; `demo`
    actor: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(30))
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
