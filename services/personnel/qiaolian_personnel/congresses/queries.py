"""Reads of congresses, their quotas (with how many are nominated), delegates and committee."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.db import filters

from ..identity_reviews.tables import IdentityReview
from .rules import CongressState
from .tables import CommitteeMember, Congress, CongressDelegate, CongressQuota


def congresses(*, state: CongressState | None = None, held_after: date | None = None) -> sa.Select[Any]:
    """Congresses, the soonest first."""
    return (
        sa.select(Congress)
        .where(*filters((Congress.state, state), ranges=((Congress.held_on, held_after, None),)))
        .order_by(Congress.held_on, Congress.id)
    )


async def quotas(session: AsyncSession, congress_id: str) -> list[tuple[CongressQuota, int]]:
    """Each federation's quota and how many it has nominated."""
    nominated = (
        sa.select(sa.func.count())
        .where(
            CongressDelegate.congress_id == CongressQuota.congress_id,
            CongressDelegate.federation_id == CongressQuota.federation_id,
        )
        .scalar_subquery()
    )
    rows = await session.execute(
        sa.select(CongressQuota, nominated)
        .where(CongressQuota.congress_id == congress_id)
        .order_by(CongressQuota.federation_id)
    )
    return [(q, int(n)) for q, n in rows.all()]


def delegates(congress_id: str, *, federation_id: str | None = None) -> Any:
    """A congress's delegates with their identity review's state (None without a review), oldest first."""
    return (
        sa.select(CongressDelegate, IdentityReview.state)
        .outerjoin(IdentityReview, IdentityReview.id == CongressDelegate.identity_review_id)
        .where(CongressDelegate.congress_id == congress_id, *filters((CongressDelegate.federation_id, federation_id)))
        .order_by(CongressDelegate.created_at, CongressDelegate.id)
    )


async def committee(session: AsyncSession, congress_id: str) -> list[tuple[CommitteeMember, CongressDelegate]]:
    rows = await session.execute(
        sa.select(CommitteeMember, CongressDelegate)
        .join(CongressDelegate, CongressDelegate.id == CommitteeMember.delegate_id)
        .where(CommitteeMember.congress_id == congress_id)
        .order_by(CommitteeMember.role, CongressDelegate.name)
    )
    return [(m, d) for m, d in rows.all()]
