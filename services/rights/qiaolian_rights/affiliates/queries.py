"""Reads of the affiliated bodies' reports, by due date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate

from .tables import AffiliateReport

T = TypeVar("T")


async def reports(
    session: Any,
    page: PageParams,
    out: Callable[[AffiliateReport], T],
    *,
    body: str | None,
    kind: str | None,
    year: int | None,
    state: str | None,
    overdue_on: date | None,
) -> Page[T]:
    """`overdue_on`: those still expected whose due date is before that day."""
    R = AffiliateReport
    where = filters((R.body, body), (R.kind, kind), (R.year, year), (R.state, state))
    if overdue_on is not None:
        where += [R.state == "expected", R.due_on < overdue_on]
    return await paginate(session, sa.select(R).where(*where).order_by(R.due_on, R.id), page, out)
