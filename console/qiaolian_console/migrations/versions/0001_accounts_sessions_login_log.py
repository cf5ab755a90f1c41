"""accounts, sessions, the login throttle and log, the account-changes log; the chassis tables

Revision ID: 0001
Revises:
Create Date: 2026-12-01 21:02:37
"""

import sqlalchemy as sa
from alembic import op

from qiaolian_chassis.audit import create_audit_table, drop_audit_table
from qiaolian_chassis.tables import BigId, create_chassis_tables, drop_chassis_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    create_chassis_tables(op)
    create_audit_table(op)
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("cadre_id", sa.String(length=64), nullable=True),
        sa.Column("office", sa.String(length=20), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), server_default="active", nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("updated_at", Instant, nullable=False),
        sa.Column("password_changed_at", Instant, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("cadre_id", name=op.f("uq_accounts_cadre_id")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_office"), ["office"], unique=False)

    op.create_table(
        "account_changes",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", Instant, nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_account_changes_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_changes")),
    )
    with op.batch_alter_table("account_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_changes_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_changes_at"), ["at"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("csrf_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("last_seen_at", Instant, nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_sessions_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_account_id"), ["account_id"], unique=False)

    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.JSON(), nullable=False),
        sa.Column("locked_until", Instant, nullable=True),
        sa.Column("updated_at", Instant, nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttle_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "login_log",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", Instant, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=True),
        sa.Column("client_ip", sa.String(length=45), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_log")),
    )
    with op.batch_alter_table("login_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_log_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_login_log_username_at", ["username", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("login_log")
    op.drop_table("login_throttle")
    op.drop_table("sessions")
    op.drop_table("account_changes")
    op.drop_table("accounts")
    drop_audit_table(op)
    drop_chassis_tables(op)
