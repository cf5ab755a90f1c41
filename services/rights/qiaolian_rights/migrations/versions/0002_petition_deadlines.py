"""petition deadlines

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 14:59:12.819809
"""

from alembic import op

from qiaolian_chassis.deadlines import create_deadlines_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_deadlines_table(op)


def downgrade() -> None:
    op.drop_table("deadlines")
