"""Reads of the login log: the listing's filtered statement, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import Outcome, Reason
from .tables import LoginEvent


def login_events(
    *,
    username: str | None = None,
    account_id: str | None = None,
    outcome: Outcome | None = None,
    reason: Reason | None = None,
    client_ip: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> sa.Select[Any]:
    return (
        sa.select(LoginEvent)
        .where(
            *filters(
                (LoginEvent.username, username),
                (LoginEvent.account_id, account_id),
                (LoginEvent.outcome, outcome),
                (LoginEvent.reason, reason),
                (LoginEvent.client_ip, client_ip),
                ranges=((LoginEvent.at, since, until),),
            )
        )
        .order_by(LoginEvent.at.desc(), LoginEvent.id.desc())
    )
