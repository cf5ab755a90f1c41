"""representatives: why a term ended (served, re_elected, replaced)

Revision ID: 0012_seed18b_term_end
Revises: 0011_personnel18_party
Create Date: 2026-12-03 07:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_seed18b_term_end"
down_revision = "0011_personnel18_party"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("representatives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("end_reason", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("representatives", schema=None) as batch_op:
        batch_op.drop_column("end_reason")
