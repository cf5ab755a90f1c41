"""Reads of federations, their current leadership and their elections."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.personnel import FederationLevel

from .tables import Election, Federation, FederationLeader, FederationLink


def federations(
    *, level: FederationLevel | None = None, parent_id: str | None = None, term_ends_before: date | None = None
) -> sa.Select[Any]:
    """Federations (the children of `parent_id` when given), the term ending first first."""
    ending = [Federation.term_ends_on < term_ends_before] if term_ends_before else []
    return (
        sa.select(Federation)
        .where(*filters((Federation.level, level), (Federation.parent_id, parent_id)), *ending)
        .order_by(Federation.term_ends_on, Federation.id)
    )


async def leaders(session: AsyncSession, f: Federation) -> list[FederationLeader]:
    """The leadership of the federation's current term."""
    return list(
        (
            await session.scalars(
                sa.select(FederationLeader)
                .where(FederationLeader.federation_id == f.id, FederationLeader.term_no == f.term_no)
                .order_by(FederationLeader.role, FederationLeader.name)
            )
        ).all()
    )


def elections(federation_id: str, *, held_after: date | None = None) -> sa.Select[Any]:
    """A federation's elections, oldest first."""
    after = [Election.held_on > held_after] if held_after else []
    return (
        sa.select(Election)
        .where(Election.federation_id == federation_id, *after)
        .order_by(Election.held_on, Election.id)
    )


def links(federation_id: str | None = None) -> sa.Select[Any]:
    """The 「地方僑聯+大學僑聯+校友會」 links, of one federation (either side) when given, oldest first."""
    either = (
        [
            sa.or_(
                FederationLink.local_federation_id == federation_id,
                FederationLink.university_federation_id == federation_id,
            )
        ]
        if federation_id
        else []
    )
    return sa.select(FederationLink).where(*either).order_by(FederationLink.created_at, FederationLink.id)
