"""Reads of award calls and nominations: the filtered listings. One row by id is `get_or_404` in the routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate
from qiaolian_contracts.events.rights import NomineeKind

from .tables import AwardCall, AwardNomination

T = TypeVar("T")


async def calls(
    session: Any, page: PageParams, out: Callable[[AwardCall], T], *, edition: int | None, state: str | None
) -> Page[T]:
    C = AwardCall
    stmt = sa.select(C).where(*filters((C.edition, edition), (C.state, state))).order_by(C.opens_on.desc(), C.id)
    return await paginate(session, stmt, page, out)


async def nominations(
    session: Any,
    page: PageParams,
    out: Callable[[AwardNomination], T],
    *,
    call_id: str | None,
    state: str | None,
    category: str | None,
    region: str | None,
    nominee_kind: NomineeKind | None,
) -> Page[T]:
    N = AwardNomination
    stmt = (
        sa.select(N)
        .where(
            *filters(
                (N.call_id, call_id),
                (N.state, state),
                (N.category, category),
                (N.region, region),
                (N.nominee_kind, nominee_kind),
            )
        )
        .order_by(N.created_at.desc(), N.id)
    )
    return await paginate(session, stmt, page, out)
