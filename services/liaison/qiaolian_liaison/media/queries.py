"""Reads of media outlets (with how much coverage each produced) and of coverage."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import OutletKind
from .tables import Coverage, MediaOutlet


def _coverage_count() -> Any:
    return (
        sa.select(sa.func.count()).where(Coverage.outlet_id == MediaOutlet.id).correlate(MediaOutlet).scalar_subquery()
    )


def outlets(*, country: str | None, kind: OutletKind | None) -> sa.Select[Any]:
    """(outlet, coverage count) rows, by country and name."""
    return (
        sa.select(MediaOutlet, _coverage_count())
        .where(
            *filters(
                (MediaOutlet.country, country),
                (MediaOutlet.kind, kind),
            )
        )
        .order_by(MediaOutlet.country, MediaOutlet.name, MediaOutlet.id)
    )


async def coverage_count(session: Any, outlet_id: str) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).where(Coverage.outlet_id == outlet_id)) or 0)


def coverage(
    *, outlet_id: str | None, subject_id: str | None, published_from: date | None, published_to: date | None
) -> sa.Select[Any]:
    """Newest first."""
    return (
        sa.select(Coverage)
        .where(
            *filters(
                (Coverage.outlet_id, outlet_id),
                (Coverage.subject_id, subject_id),
                ranges=((Coverage.published_on, published_from, published_to),),
            )
        )
        .order_by(Coverage.published_on.desc(), Coverage.id)
    )
