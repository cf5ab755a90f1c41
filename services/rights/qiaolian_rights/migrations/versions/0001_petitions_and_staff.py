"""petitions and staff

Revision ID: 0001
Revises:
Create Date: 2026-11-24 14:50:06.782961
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
        "petitions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("petitioner_name", sa.String(length=100), nullable=False),
        sa.Column("petitioner_status", sa.String(length=40), nullable=False),
        sa.Column("petition_class", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("first_decision_due", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("handling_due", sa.Date(), nullable=True),
        sa.Column("handler_cadre_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions")),
    )
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petitions_petition_class"), ["petition_class"], unique=False)
        batch_op.create_index(batch_op.f("ix_petitions_state"), ["state"], unique=False)

    create_staff_table(op)


def downgrade() -> None:
    op.drop_table("staff")
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petitions_state"))
        batch_op.drop_index(batch_op.f("ix_petitions_petition_class"))

    op.drop_table("petitions")
    drop_chassis_tables(op)
