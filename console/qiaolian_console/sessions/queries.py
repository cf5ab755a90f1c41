"""Reads for sign-in and for every signed-in request: a session with its account, a username's throttle."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..accounts.tables import Account
from .rules import Throttle
from .tables import LoginThrottle, Session


async def session_and_account(s: AsyncSession, session_id: str) -> tuple[Session, Account] | None:
    row = (
        await s.execute(
            sa.select(Session, Account).join(Account, Account.id == Session.account_id).where(Session.id == session_id)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def account_by_username(s: AsyncSession, username: str) -> Account | None:
    found: Account | None = await s.scalar(sa.select(Account).where(Account.username == username))
    return found


def throttle_of(row: LoginThrottle | None) -> Throttle:
    if row is None:
        return Throttle()
    return Throttle(tuple(datetime.fromisoformat(t) for t in row.failures), row.locked_until)


async def throttle(s: AsyncSession, username: str) -> Throttle:
    return throttle_of(await s.get(LoginThrottle, username))
