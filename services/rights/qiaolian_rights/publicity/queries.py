"""Reads of publicity sessions and implementation issues, newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate

from .tables import EnforcementIssue, OutreachSession

T = TypeVar("T")


async def sessions(
    session: Any,
    page: PageParams,
    out: Callable[[OutreachSession], T],
    *,
    region: str | None,
    held_from: date | None,
    held_to: date | None,
) -> Page[T]:
    S = OutreachSession
    stmt = (
        sa.select(S)
        .where(*filters((S.region, region), ranges=((S.held_on, held_from, held_to),)))
        .order_by(S.held_on.desc(), S.id)
    )
    return await paginate(session, stmt, page, out)


async def issues(
    session: Any,
    page: PageParams,
    out: Callable[[EnforcementIssue], T],
    *,
    state: str | None,
    region: str | None,
    law_area: str | None,
) -> Page[T]:
    E = EnforcementIssue
    stmt = (
        sa.select(E)
        .where(*filters((E.state, state), (E.region, region), (E.law_area, law_area)))
        .order_by(E.found_on.desc(), E.id)
    )
    return await paginate(session, stmt, page, out)
