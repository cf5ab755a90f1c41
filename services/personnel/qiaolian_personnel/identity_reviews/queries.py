"""Reads of identity reviews and their documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.db import filters
from qiaolian_chassis.privacy import mask
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


def certificate_number(who: Principal, number: str, *, listing: bool) -> str | None:
    """A certificate number as `who` may see it (ACCESS.md): personnel's staff whole in one review and
    masked in lists, leaders masked (the first 3 and last 2 characters), everyone else not at all."""
    if who.holds("personnel.write"):  # personnel.clerk, personnel.head
        return mask(number) if listing else number
    if "leader" in who.roles:
        return mask(number, head=3, tail=2)
    return None


class _Shown(Protocol):
    @property
    def documents(self) -> Any: ...


def personal_fields(reviews: Iterable[_Shown]) -> list[str]:
    """The personal fields these shaped reviews carry: what a read of them audits."""
    return ["certificate_number"] if any(d.certificate_number for r in reviews for d in r.documents) else []
