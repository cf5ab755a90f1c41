"""Reads of outbound trips: the list with filters, a trip's decisions, its approvals so far."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import APPROVAL_CHAIN, WITHDRAW, TripState
from .tables import OutboundTrip, TripDecision

# the trip's personal fields (ACCESS.md): the passport number (masked always), purpose, inviting
# organisation and report; shown to the traveller, office's staff and the roles of the approval chain
PERSONAL = ("passport_number", "purpose", "inviting_organisation", "report")


def sees_personal(who: Principal, traveller: str) -> bool:
    """Whether `who` sees the personal fields of a trip of the cadre `traveller`."""
    if who.cadre_id is not None and who.cadre_id == traveller:
        return True
    return who.holds("office.write") or any(who.holds(s.permission) for s in APPROVAL_CHAIN)


async def approvals(session: Any, trip_id: str) -> int:
    """How many steps of the chain approved the trip."""
    return int(
        await session.scalar(
            sa.select(sa.func.count()).where(TripDecision.trip_id == trip_id, TripDecision.approved.is_(True))
        )
        or 0
    )


async def deciders(session: Any, trip_id: str) -> list[str]:
    """Who decided the steps of the trip's chain so far (not a withdrawal)."""
    rows = await session.scalars(
        sa.select(TripDecision.decided_by).where(TripDecision.trip_id == trip_id, TripDecision.step != WITHDRAW)
    )
    return list(rows.all())


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
