"""Reads of consultations: the filtered listing, newest first. One by id is `get_or_404` in the routes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate
from qiaolian_contracts.events.rights import ConsultationKind

from .tables import Consultation

T = TypeVar("T")


async def consultations(
    session: Any,
    page: PageParams,
    out: Callable[[Consultation], T],
    *,
    state: str | None,
    kind: ConsultationKind | None,
    topic: str | None,
    received_from: date | None,
    received_to: date | None,
) -> Page[T]:
    C = Consultation
    stmt = (
        sa.select(C)
        .where(
            *filters(
                (C.state, state),
                (C.kind, kind),
                (C.topic, topic),
                ranges=((C.received_on, received_from, received_to),),
            )
        )
        .order_by(C.received_on.desc(), C.id.desc())
    )
    return await paginate(session, stmt, page, out)
