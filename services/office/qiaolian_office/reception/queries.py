"""Reads of receptions: the list with filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import Reception


def receptions(
    *, status: str | None, visit_id: str | None, standalone: bool | None, from_on: date | None, to_on: date | None
) -> sa.Select[Any]:
    r = Reception
    where = filters((r.status, status), (r.visit_id, visit_id), ranges=((r.starts_on, from_on, to_on),))
    if standalone is not None:
        where.append(r.visit_id.is_(None) if standalone else r.visit_id.is_not(None))
    return sa.select(r).where(*where).order_by(r.starts_on, r.id)
