"""Reads of delegation visits: the list by state, country, association, arrival date and logistics."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import Part, VisitState
from .tables import DelegationVisit as V

LogisticsFilter = Literal["pending", "arranged", "needs_attention"]


def _logistics(status: LogisticsFilter) -> list[Any]:
    """The conditions of one logistics status, as `rules.logistics_status` words it."""
    if status == "needs_attention":
        return [sa.or_(V.reception_status == Part.declined.value, V.vehicle_status == Part.declined.value)]
    if status == "pending":
        return [
            sa.or_(V.reception_status == Part.requested.value, V.vehicle_status == Part.requested.value),
            V.reception_status != Part.declined.value,
            V.vehicle_status != Part.declined.value,
        ]
    done = (Part.arranged.value, Part.not_needed.value)
    return [
        V.reception_status.in_(done),
        V.vehicle_status.in_(done),
        sa.or_(V.reception_status == Part.arranged.value, V.vehicle_status == Part.arranged.value),
    ]


def visits(
    *,
    state: VisitState | None,
    country: str | None,
    association_id: str | None,
    arriving_from: date | None,
    arriving_to: date | None,
    logistics: LogisticsFilter | None,
) -> sa.Select[Any]:
    """By arrival date."""
    stmt = sa.select(V).where(
        *filters(
            (V.state, state),
            (V.country, country),
            (V.association_id, association_id),
            ranges=((V.arrival_on, arriving_from, arriving_to),),
        )
    )
    if logistics:
        stmt = stmt.where(*_logistics(logistics))
    return stmt.order_by(V.arrival_on, V.id)
