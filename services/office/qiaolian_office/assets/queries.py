"""Reads of assets: the register with filters, an asset's transfers, the inventories."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import Asset, AssetInventory, AssetTransfer


def assets(*, category: str | None, state: str | None, custodian_id: str | None) -> sa.Select[Any]:
    a = Asset
    where = filters((a.category, category), (a.state, state), (a.custodian_id, custodian_id))
    return sa.select(a).where(*where).order_by(a.code, a.id)


async def transfers(session: Any, asset_id: str) -> list[AssetTransfer]:
    rows = await session.scalars(
        sa.select(AssetTransfer).where(AssetTransfer.asset_id == asset_id).order_by(AssetTransfer.created_at)
    )
    return list(rows)


def inventories(*, state: str | None) -> sa.Select[Any]:
    i = AssetInventory
    return sa.select(i).where(*filters((i.state, state))).order_by(i.year.desc(), i.id)
