"""Reads of hardship assistance: what a year's budget has committed, and the listing of applications
(newest first). One row by id is `get_or_404` in the routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate

from .rules import COMMITTED
from .tables import AssistanceApplication

T = TypeVar("T")


async def committed(session: Any, year: int) -> int:
    """The yuan approved (or paid) against the year's budget."""
    A = AssistanceApplication
    return int(
        await session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(A.approved_yuan), 0)).where(A.year == year, A.state.in_(COMMITTED))
        )
        or 0
    )


async def applications(
    session: Any,
    page: PageParams,
    out: Callable[[AssistanceApplication], T],
    *,
    state: str | None,
    year: int | None,
    region: str | None,
) -> Page[T]:
    A = AssistanceApplication
    stmt = (
        sa.select(A)
        .where(*filters((A.state, state), (A.year, year), (A.region, region)))
        .order_by(A.applied_on.desc(), A.id.desc())
    )
    return await paginate(session, stmt, page, out)
