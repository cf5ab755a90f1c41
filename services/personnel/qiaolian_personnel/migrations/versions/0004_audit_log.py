"""the audit log: every command and every read of personal fields (ACCESS.md, "Audit")

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:05:00
"""

from alembic import op

from qiaolian_chassis.audit import create_audit_table, drop_audit_table

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op)


def downgrade() -> None:
    drop_audit_table(op)
