"""資產: fixed assets, their transfers, the yearly inventories and each asset's count in one.

Revision ID: 0022_office17a_assets
Revises: 0021_office17a_events
Create Date: 2026-12-02 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_office17a_assets"
down_revision = "0021_office17a_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assets",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("value_yuan", sa.BigInteger(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("custodian_id", sa.String(length=64), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("disposal_reason", sa.String(length=20), nullable=True),
        sa.Column("disposal_note", sa.String(length=500), nullable=True),
        sa.Column("disposal_requested_by", sa.String(length=100), nullable=True),
        sa.Column("disposal_decided_by", sa.String(length=100), nullable=True),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
        sa.UniqueConstraint("code", name=op.f("uq_assets_code")),
    )
    for col in ("category", "custodian_id", "state"):
        op.create_index(op.f(f"ix_assets_{col}"), "assets", [col])
    op.create_table(
        "asset_transfers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("asset_id", sa.String(length=64), nullable=False),
        sa.Column("from_custodian_id", sa.String(length=64), nullable=False),
        sa.Column("to_custodian_id", sa.String(length=64), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_asset_transfers_asset_id_assets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_transfers")),
    )
    op.create_index(op.f("ix_asset_transfers_asset_id"), "asset_transfers", ["asset_id"])
    op.create_table(
        "asset_inventories",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_inventories")),
        sa.UniqueConstraint("year", name=op.f("uq_asset_inventories_year")),
    )
    op.create_table(
        "asset_counts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("inventory_id", sa.String(length=64), nullable=False),
        sa.Column("asset_id", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("counted_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_asset_counts_asset_id_assets")),
        sa.ForeignKeyConstraint(
            ["inventory_id"], ["asset_inventories.id"], name=op.f("fk_asset_counts_inventory_id_asset_inventories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_counts")),
        sa.UniqueConstraint("inventory_id", "asset_id", name=op.f("uq_asset_counts_inventory_id")),
    )
    op.create_index(op.f("ix_asset_counts_asset_id"), "asset_counts", ["asset_id"])
    op.create_index(op.f("ix_asset_counts_inventory_id"), "asset_counts", ["inventory_id"])


def downgrade() -> None:
    op.drop_table("asset_counts")
    op.drop_table("asset_inventories")
    op.drop_table("asset_transfers")
    op.drop_table("assets")
