"""audit: every command and every read of personal fields, append-only (ACCESS.md)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:05:00.000000
"""

from alembic import op

from qiaolian_chassis.audit import create_audit_table, drop_audit_table

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op)


def downgrade() -> None:
    drop_audit_table(op)
