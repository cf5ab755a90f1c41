"""Reads of disputes: the filtered listing, newest first. One by id is `get_or_404` in the routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate
from qiaolian_contracts.events.rights import DisputeForum

from .tables import Dispute

T = TypeVar("T")


async def disputes(
    session: Any,
    page: PageParams,
    out: Callable[[Dispute], T],
    *,
    state: str | None,
    forum: DisputeForum | None,
    petition_id: str | None,
    category: str | None,
) -> Page[T]:
    D = Dispute
    stmt = (
        sa.select(D)
        .where(*filters((D.state, state), (D.forum, forum), (D.petition_id, petition_id), (D.category, category)))
        .order_by(D.created_at.desc(), D.id.desc())
    )
    return await paginate(session, stmt, page, out)
