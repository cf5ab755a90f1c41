"""Searching the registry."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import RESOURCE_NAMES, Resource


def resources(
    *,
    country: str | None,
    field: str | None,
    hometown: str | None,
    kind: str | None,
    status: str | None,
    q: str | None,
    source: str | None = None,
) -> sa.Select[Any]:
    """Entries with the filters given (`hometown` and `q`, the name, match a part), by country and kind."""
    r = Resource
    where = filters((r.country, country), (r.field, field), (r.kind, kind), (r.status, status), (r.source, source))
    if hometown:
        where.append(r.hometown.contains(hometown, autoescape=True))
    if q:
        where.append(RESOURCE_NAMES.matches(r, q))
    return sa.select(r).where(*where).order_by(r.country, r.kind, r.id)
