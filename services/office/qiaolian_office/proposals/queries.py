"""Reads of proposals: the list with filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import ProposalState
from .tables import Proposal


def proposals(
    *,
    body: str | None,
    kind: str | None,
    session_year: int | None,
    state: str | None,
    reply_overdue: bool | None,
    on: date,
) -> sa.Select[Any]:
    p = Proposal
    where = filters((p.body, body), (p.kind, kind), (p.session_year, session_year), (p.state, state))
    if reply_overdue is not None:
        late = sa.and_(p.state == ProposalState.submitted.value, p.reply_due_on < on)
        where.append(late if reply_overdue else sa.not_(late))
    return sa.select(p).where(*where).order_by(p.session_year.desc(), p.created_at.desc(), p.id)
