"""Reads of the counsel roster: who serves on a date, whose term ends within some days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate
from qiaolian_contracts.events.rights import Committee, CounselRole

from .tables import Counsel

T = TypeVar("T")


async def roster(
    session: Any,
    page: PageParams,
    out: Callable[[Counsel], T],
    *,
    today: date,
    role: CounselRole | None,
    committee: Committee | None = None,
    serving_on: date | None,
    ending_within: int | None,
) -> Page[T]:
    """By end of term; `ending_within` days from `today` lists those still serving whose term ends by then."""
    where = filters((Counsel.role, role), (Counsel.committee, committee))
    if serving_on:
        where += [
            Counsel.term_from <= serving_on,
            Counsel.term_to >= serving_on,
            sa.or_(Counsel.ended_on.is_(None), Counsel.ended_on >= serving_on),
        ]
    if ending_within is not None:
        where += [
            Counsel.state == "serving",
            Counsel.term_to >= today,
            Counsel.term_to <= today + timedelta(days=ending_within),
        ]
    return await paginate(session, sa.select(Counsel).where(*where).order_by(Counsel.term_to, Counsel.id), page, out)
