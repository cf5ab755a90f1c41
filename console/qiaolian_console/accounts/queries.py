"""Reads of accounts and their changes: the listings' filtered, ordered statements."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from ..sessions.tables import LoginThrottle
from .rules import AccountState
from .tables import Account, AccountChange


def accounts(
    now: datetime, *, state: AccountState | None = None, office: str | None = None, username: str | None = None
) -> sa.Select[Any]:
    """(Account, locked_until) by username; `state` as shown: locked is an active account under a lock."""
    locked = sa.and_(LoginThrottle.locked_until.is_not(None), LoginThrottle.locked_until > now)  # never NULL
    where = filters((Account.office, office))
    if username:
        where.append(Account.username.contains(username.lower(), autoescape=True))
    if state == AccountState.disabled:
        where.append(Account.state == AccountState.disabled.value)
    elif state == AccountState.locked:
        where += [Account.state == AccountState.active.value, locked]
    elif state == AccountState.active:
        where += [Account.state == AccountState.active.value, sa.not_(locked)]
    return cast(
        sa.Select[Any],
        sa.select(Account, LoginThrottle.locked_until)
        .outerjoin(LoginThrottle, LoginThrottle.username == Account.username)
        .where(*where)
        .order_by(Account.username),
    )


def account_changes(
    *,
    account_id: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> sa.Select[Any]:
    return (
        sa.select(AccountChange)
        .where(
            *filters(
                (AccountChange.account_id, account_id),
                (AccountChange.actor, actor),
                (AccountChange.action, action),
                ranges=((AccountChange.at, since, until),),
            )
        )
        .order_by(AccountChange.at.desc(), AccountChange.id.desc())
    )
