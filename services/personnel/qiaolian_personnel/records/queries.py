"""Reads of cadre records: the listings' filtered, ordered statements."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import Grade, PayKind
from .tables import Assessment, PayChange, RetireeCare


def assessments(*, year: int | None = None, grade: Grade | None = None, cadre_id: str | None = None) -> sa.Select[Any]:
    """Assessments, the latest year first."""
    return (
        sa.select(Assessment)
        .where(*filters((Assessment.year, year), (Assessment.grade, grade), (Assessment.cadre_id, cadre_id)))
        .order_by(Assessment.year.desc(), Assessment.cadre_id)
    )


def pay_changes(cadre_id: str, *, kind: PayKind | None = None) -> sa.Select[Any]:
    """A cadre's pay changes, the latest first."""
    return (
        sa.select(PayChange)
        .where(PayChange.cadre_id == cadre_id, *filters((PayChange.kind, kind)))
        .order_by(PayChange.effective_on.desc(), PayChange.id)
    )


def retiree_care(
    *, cadre_id: str | None = None, kind: str | None = None, on_or_after: date | None = None
) -> sa.Select[Any]:
    """Visits, activities and benefits, the latest first."""
    return (
        sa.select(RetireeCare)
        .where(
            *filters(
                (RetireeCare.cadre_id, cadre_id),
                (RetireeCare.kind, kind),
                ranges=((RetireeCare.on, on_or_after, None),),
            )
        )
        .order_by(RetireeCare.on.desc(), RetireeCare.id)
    )
