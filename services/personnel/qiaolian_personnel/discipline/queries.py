"""Reads of discipline cases."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import DisciplineCase


def cases(*, state: str | None = None, cadre_id: str | None = None) -> sa.Select[Any]:
    """Cases, the latest opened first."""
    return (
        sa.select(DisciplineCase)
        .where(*filters((DisciplineCase.state, state), (DisciplineCase.cadre_id, cadre_id)))
        .order_by(DisciplineCase.opened_on.desc(), DisciplineCase.id)
    )
