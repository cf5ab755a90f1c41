"""the audit log: every command and every read of personal fields, append-only

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:10:00
"""

from alembic import op

from qiaolian_chassis.audit import create_audit_table, drop_audit_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op)


def downgrade() -> None:
    drop_audit_table(op)
