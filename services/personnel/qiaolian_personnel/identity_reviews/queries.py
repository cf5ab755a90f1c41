"""Reads of identity reviews and their documents."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.personnel import IdentityType

from .rules import ReviewState
from .tables import IdentityDocument, IdentityReview


def reviews(
    *, state: ReviewState | None = None, federation_id: str | None = None, identity_type: IdentityType | None = None
) -> sa.Select[Any]:
    """Reviews, the latest submitted first."""
    return (
        sa.select(IdentityReview)
        .where(
            *filters(
                (IdentityReview.state, state),
                (IdentityReview.federation_id, federation_id),
                (IdentityReview.identity_type, identity_type),
            )
        )
        .order_by(IdentityReview.submitted_on.desc(), IdentityReview.id)
    )


async def documents(session: AsyncSession, review_id: str) -> list[IdentityDocument]:
    """A review's documents by code."""
    return list(
        (
            await session.scalars(
                sa.select(IdentityDocument)
                .where(IdentityDocument.review_id == review_id)
                .order_by(IdentityDocument.code)
            )
        ).all()
    )
