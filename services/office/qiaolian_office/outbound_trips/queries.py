"""Reads of outbound trips: the list with filters, a trip's decisions, its approvals so far."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import TripState
from .tables import OutboundTrip, TripDecision


async def approvals(session: Any, trip_id: str) -> int:
    """How many steps of the chain approved the trip."""
    return int(
        await session.scalar(
            sa.select(sa.func.count()).where(TripDecision.trip_id == trip_id, TripDecision.approved.is_(True))
        )
        or 0
    )


async def decisions(session: Any, trip_id: str) -> list[TripDecision]:
    """The trip's decisions (and withdrawal), in the order they were recorded."""
    return list(
        (
            await session.scalars(
                sa.select(TripDecision)
                .where(TripDecision.trip_id == trip_id)
                .order_by(TripDecision.created_at, TripDecision.id)
            )
        ).all()
    )


def trips(
    *, state: TripState | None, cadre_id: str | None, office: Office | None, passport_overdue: bool | None, on: date
) -> sa.Select[Any]:
    """Rows of (trip, its approvals so far) with the filters given, latest departure first."""
    t = OutboundTrip
    where = filters((t.state, state), (t.cadre_id, cadre_id), (t.office, office))
    if passport_overdue is not None:
        late = sa.and_(t.state == TripState.passport_issued.value, t.passport_due_on < on)
        where.append(late if passport_overdue else sa.not_(late))
    approved = (
        sa.select(sa.func.count())
        .where(TripDecision.trip_id == t.id, TripDecision.approved.is_(True))
        .scalar_subquery()
    )
    return sa.select(t, approved).where(*where).order_by(t.departs_on.desc(), t.id)
