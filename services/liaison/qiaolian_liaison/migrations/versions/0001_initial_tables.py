"""initial tables

Revision ID: 0001
Revises:
Create Date: 2026-11-24 14:52:02.039608
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
        "delegation_visits",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("association_name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("arrival_on", sa.Date(), nullable=False),
        sa.Column("departure_on", sa.Date(), nullable=False),
        sa.Column("needs_reception", sa.Boolean(), nullable=False),
        sa.Column("vehicles_needed", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reception_status", sa.String(length=20), nullable=False),
        sa.Column("vehicle_status", sa.String(length=20), nullable=False),
        sa.Column("vehicle_ids", sa.JSON(), nullable=False),
        sa.Column("vehicles_available", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_visits")),
    )
    with op.batch_alter_table("delegation_visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegation_visits_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_delegation_visits_state"), ["state"], unique=False)

    create_staff_table(op)


def downgrade() -> None:
    op.drop_table("staff")
    with op.batch_alter_table("delegation_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_visits_state"))
        batch_op.drop_index(batch_op.f("ix_delegation_visits_country"))

    op.drop_table("delegation_visits")
    drop_chassis_tables(op)
