"""Reads of disputes: the filtered listing, newest first. One by id is `get_or_404` in the routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate
from qiaolian_contracts.events.rights import DisputeForum

from ..petitions import access as petition_access
from ..petitions.tables import Petition
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


async def hidden_petitions(session: Any, who: Principal, ids: list[str | None]) -> set[str]:
    """Of these petition ids, the ones this person may not see (report-and-accusation, not theirs)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    rows = await session.execute(
        sa.select(Petition.id, Petition.petition_class, Petition.handler_cadre_id).where(Petition.id.in_(wanted))
    )
    return {pid for pid, cls, handler in rows.all() if not petition_access.sees(who, cls, handler)}
