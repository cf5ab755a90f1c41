"""resource registry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 15:30:12.780658
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_resources",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=True),
        sa.Column("name_romanised", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("hometown", sa.String(length=100), nullable=True),
        sa.Column("association_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_resources")),
    )
    with op.batch_alter_table("registry_resources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_resources_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_registry_resources_field"), ["field"], unique=False)
        batch_op.create_index(batch_op.f("ix_registry_resources_hometown"), ["hometown"], unique=False)
        batch_op.create_index(batch_op.f("ix_registry_resources_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_registry_resources_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("registry_resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_resources_status"))
        batch_op.drop_index(batch_op.f("ix_registry_resources_kind"))
        batch_op.drop_index(batch_op.f("ix_registry_resources_hometown"))
        batch_op.drop_index(batch_op.f("ix_registry_resources_field"))
        batch_op.drop_index(batch_op.f("ix_registry_resources_country"))

    op.drop_table("registry_resources")
