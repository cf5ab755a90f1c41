"""Reads of the confidential mail register: only what the caller is cleared for; the rest is not there."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.errors import NotFound

from .rules import MailState
from .tables import ConfidentialMail


async def cleared_mail(
    session: Any, mail_id: str, cleared: frozenset[str], *, for_update: bool = False
) -> ConfidentialMail:
    """The piece, if the caller is cleared for its classification; 404 otherwise, as if it did not exist."""
    m: ConfidentialMail | None = await session.get(ConfidentialMail, mail_id, with_for_update=for_update)
    if m is None or m.classification not in cleared:
        raise NotFound(f"confidential mail {mail_id} not found")
    return m


def register(
    *,
    direction: str | None,
    state: str | None,
    classification: str | None,
    handler_id: str | None,
    overdue: bool | None,
    on: date,
    cleared: frozenset[str],
) -> sa.Select[Any]:
    """The pieces with the filters given that the caller is cleared for, the earliest due first."""
    m = ConfidentialMail
    where = filters(
        (m.direction, direction), (m.state, state), (m.classification, classification), (m.handler_id, handler_id)
    )
    where.append(m.classification.in_(cleared))
    if overdue is not None:
        late = sa.and_(m.state == MailState.held.value, m.due_on < on)
        where.append(late if overdue else sa.not_(late))
    return sa.select(m).where(*where).order_by(m.due_on, m.id)
