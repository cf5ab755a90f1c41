"""Reads of the project pipeline: the filtered listing, newest lead first. One by id is `get_or_404` in
the routes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.http import Page, PageParams, paginate
from qiaolian_contracts.events.rights import ProjectKind, ProjectStage

from .tables import Project

T = TypeVar("T")


async def projects(
    session: Any,
    page: PageParams,
    out: Callable[[Project], T],
    *,
    kind: ProjectKind | None,
    stage: ProjectStage | None,
    sector: str | None,
    region: str | None,
    country: str | None,
    lead_from: date | None,
    lead_to: date | None,
) -> Page[T]:
    P = Project
    stmt = (
        sa.select(P)
        .where(
            *filters(
                (P.kind, kind),
                (P.stage, stage),
                (P.sector, sector),
                (P.region, region),
                (P.country, country),
                ranges=((P.lead_on, lead_from, lead_to),),
            )
        )
        .order_by(P.lead_on.desc(), P.id)
    )
    return await paginate(session, stmt, page, out)
