"""Reads of cultural exchange bases (the reviews to prepare) and activities."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import ExchangeActivity, ExchangeBase


def bases(*, state: str | None, review_due_before: date | None) -> sa.Select[Any]:
    """By review date."""
    stmt = sa.select(ExchangeBase).where(*filters((ExchangeBase.state, state)))
    if review_due_before:
        stmt = stmt.where(ExchangeBase.review_due_on < review_due_before)
    return stmt.order_by(ExchangeBase.review_due_on, ExchangeBase.id)


def activities(
    *, kind: str | None, country: str | None, base_id: str | None, held_from: date | None, held_to: date | None
) -> sa.Select[Any]:
    """Newest first."""
    return (
        sa.select(ExchangeActivity)
        .where(
            *filters(
                (ExchangeActivity.kind, kind),
                (ExchangeActivity.country, country),
                (ExchangeActivity.base_id, base_id),
                ranges=((ExchangeActivity.held_on, held_from, held_to),),
            )
        )
        .order_by(ExchangeActivity.held_on.desc(), ExchangeActivity.id)
    )
