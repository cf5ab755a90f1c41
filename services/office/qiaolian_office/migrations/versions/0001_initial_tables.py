"""initial tables

Revision ID: 0001
Revises:
Create Date: 2026-11-24 14:51:59.474200
"""

import sqlalchemy as sa
from alembic import op

from qiaolian_chassis.staff import create_staff_table
from qiaolian_chassis.tables import create_chassis_tables, drop_chassis_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_chassis_tables(op)
    op.create_table(
        "receptions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("visit_id", sa.String(length=64), nullable=False),
        sa.Column("association_name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receptions")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_receptions_visit_id")),
    )
    create_staff_table(op)
    op.create_table(
        "supervision_items",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_items")),
        sa.UniqueConstraint("kind", "source_id", name=op.f("uq_supervision_items_kind")),
    )
    with op.batch_alter_table("supervision_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_items_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_items_office"), ["office"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_items_state"), ["state"], unique=False)

    op.create_table(
        "vehicles",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("plate", sa.String(length=20), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicles")),
        sa.UniqueConstraint("plate", name=op.f("uq_vehicles_plate")),
    )
    op.create_table(
        "vehicle_bookings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("visit_id", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicles.id"], name=op.f("fk_vehicle_bookings_vehicle_id_vehicles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle_bookings")),
    )
    with op.batch_alter_table("vehicle_bookings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicle_bookings_vehicle_id"), ["vehicle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vehicle_bookings_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vehicle_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicle_bookings_visit_id"))
        batch_op.drop_index(batch_op.f("ix_vehicle_bookings_vehicle_id"))

    op.drop_table("vehicle_bookings")
    op.drop_table("vehicles")
    with op.batch_alter_table("supervision_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_items_state"))
        batch_op.drop_index(batch_op.f("ix_supervision_items_office"))
        batch_op.drop_index(batch_op.f("ix_supervision_items_due_on"))

    op.drop_table("supervision_items")
    op.drop_table("staff")
    op.drop_table("receptions")
    drop_chassis_tables(op)
