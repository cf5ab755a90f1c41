"""Reads of 創業中華 activities and startup bases, newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate

from .tables import StartupActivity, StartupBase

T = TypeVar("T")


async def activities(
    session: Any,
    page: PageParams,
    out: Callable[[StartupActivity], T],
    *,
    kind: str | None,
    region: str | None,
    held_from: date | None,
    held_to: date | None,
) -> Page[T]:
    A = StartupActivity
    stmt = (
        sa.select(A)
        .where(*filters((A.kind, kind), (A.region, region), ranges=((A.held_on, held_from, held_to),)))
        .order_by(A.held_on.desc(), A.id)
    )
    return await paginate(session, stmt, page, out)


async def bases(
    session: Any,
    page: PageParams,
    out: Callable[[StartupBase], T],
    *,
    state: str | None,
    region: str | None,
    focus: str | None,
) -> Page[T]:
    B = StartupBase
    stmt = (
        sa.select(B)
        .where(*filters((B.state, state), (B.region, region), (B.focus, focus)))
        .order_by(B.applied_on.desc(), B.id)
    )
    return await paginate(session, stmt, page, out)
