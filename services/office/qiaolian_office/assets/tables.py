"""Fixed assets, their transfers, the yearly inventories and each asset's count in one."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Asset(Base):
    __tablename__ = "assets"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)  # the asset tag
    name: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str] = mapped_column(sa.String(20), index=True)
    value_yuan: Mapped[int] = mapped_column(sa.BigInteger)
    location: Mapped[str] = mapped_column(sa.String(200))
    custodian_id: Mapped[str] = mapped_column(sa.String(64), index=True)  # a cadre of the staff directory
    acquired_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    disposal_reason: Mapped[str | None] = mapped_column(sa.String(20))
    disposal_note: Mapped[str | None] = mapped_column(sa.String(500))
    disposal_requested_by: Mapped[str | None] = mapped_column(sa.String(100))
    disposal_decided_by: Mapped[str | None] = mapped_column(sa.String(100))
    disposed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AssetTransfer(Base):
    __tablename__ = "asset_transfers"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    asset_id: Mapped[str] = mapped_column(sa.ForeignKey("assets.id"), index=True)
    from_custodian_id: Mapped[str] = mapped_column(sa.String(64))
    to_custodian_id: Mapped[str] = mapped_column(sa.String(64))
    transferred_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AssetInventory(Base):
    """The yearly inventory campaign (資產清查), one per year."""

    __tablename__ = "asset_inventories"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, unique=True)
    due_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20))
    opened_on: Mapped[date] = mapped_column(sa.Date)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AssetCount(Base):
    """What the inventory found of one asset; counted again, the last finding stands."""

    __tablename__ = "asset_counts"
    __table_args__ = (sa.UniqueConstraint("inventory_id", "asset_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    inventory_id: Mapped[str] = mapped_column(sa.ForeignKey("asset_inventories.id"), index=True)
    asset_id: Mapped[str] = mapped_column(sa.ForeignKey("assets.id"), index=True)
    result: Mapped[str] = mapped_column(sa.String(20))
    counted_on: Mapped[date] = mapped_column(sa.Date)
    counted_by: Mapped[str] = mapped_column(sa.String(100))
