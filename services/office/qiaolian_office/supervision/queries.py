"""Reads of the board: its items with filters, and the count per office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import DUE_SOON_DAYS, ItemState
from .tables import SupervisionItem


def items(*, office: Office | None, state: str | None, kind: str | None) -> sa.Select[Any]:
    """The board's items with the filters given, most urgent first."""
    i = SupervisionItem
    return sa.select(i).where(*filters((i.office, office), (i.state, state), (i.kind, kind))).order_by(i.due_on, i.id)


@dataclass(frozen=True)
class OfficeCounts:
    open: int
    overdue: int
    due_soon: int


async def counts_by_office(session: Any, on: date) -> dict[str, OfficeCounts]:
    """Per office with open items: how many are open, overdue, and due within DUE_SOON_DAYS of `on`."""
    i = SupervisionItem
    stmt = (
        sa.select(
            i.office,
            sa.func.count(),
            sa.func.sum(sa.case((i.due_on < on, 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(i.due_on >= on, i.due_on <= on + timedelta(days=DUE_SOON_DAYS)), 1), else_=0)),
        )
        .where(i.state == ItemState.open.value)
        .group_by(i.office)
    )
    return {
        office: OfficeCounts(int(n), int(late or 0), int(soon or 0))
        for office, n, late, soon in (await session.execute(stmt)).all()
    }
