"""Searching the economic contacts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate

from .tables import EconomicContact

T = TypeVar("T")


async def contacts(
    session: Any,
    page: PageParams,
    out: Callable[[EconomicContact], T],
    *,
    domain: str | None,
    kind: str | None,
    country: str | None,
    field: str | None,
    status: str | None,
    q: str | None,
) -> Page[T]:
    """By country and id; `q` matches a part of either name."""
    C = EconomicContact
    where = filters((C.domain, domain), (C.kind, kind), (C.country, country), (C.field, field), (C.status, status))
    if q:
        where.append(sa.or_(C.name_zh.contains(q, autoescape=True), C.name_romanised.icontains(q, autoescape=True)))
    return await paginate(session, sa.select(C).where(*where).order_by(C.country, C.id), page, out)
