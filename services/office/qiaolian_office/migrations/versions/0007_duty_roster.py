"""holiday duty rosters, swaps and the duty log

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 06:59:34.095160
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_rosters",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("holiday", sa.String(length=100), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("per_day", sa.Integer(), nullable=False),
        sa.Column("offices", sa.JSON(), nullable=True),
        sa.Column("pool", sa.JSON(), nullable=True),
        sa.Column("unavailable", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("prepared_by", sa.String(length=100), nullable=False),
        sa.Column("published_by", sa.String(length=100), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_rosters")),
    )
    with op.batch_alter_table("duty_rosters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_rosters_holiday"), ["holiday"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_rosters_starts_on"), ["starts_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_rosters_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_rosters_year"), ["year"], unique=False)

    op.create_table(
        "duty_assignments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("roster_id", sa.String(length=64), nullable=False),
        sa.Column("duty_on", sa.Date(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["roster_id"], ["duty_rosters.id"], name=op.f("fk_duty_assignments_roster_id_duty_rosters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_assignments")),
        sa.UniqueConstraint("roster_id", "duty_on", "cadre_id", name="uq_duty_assignments_cadre_day"),
        sa.UniqueConstraint("roster_id", "duty_on", "slot", name="uq_duty_assignments_slot"),
    )
    with op.batch_alter_table("duty_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_assignments_cadre_id"), ["cadre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_assignments_duty_on"), ["duty_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_assignments_roster_id"), ["roster_id"], unique=False)

    op.create_table(
        "duty_swaps",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("roster_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("assignment_id", sa.String(length=64), nullable=False),
        sa.Column("other_assignment_id", sa.String(length=64), nullable=True),
        sa.Column("from_cadre_id", sa.String(length=64), nullable=False),
        sa.Column("to_cadre_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("after_publication", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["roster_id"], ["duty_rosters.id"], name=op.f("fk_duty_swaps_roster_id_duty_rosters")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_swaps")),
    )
    with op.batch_alter_table("duty_swaps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_swaps_roster_id"), ["roster_id"], unique=False)

    op.create_table(
        "duty_log",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("roster_id", sa.String(length=64), nullable=False),
        sa.Column("assignment_id", sa.String(length=64), nullable=False),
        sa.Column("duty_on", sa.Date(), nullable=False),
        sa.Column("cadre_id", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("escalated_to", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["duty_assignments.id"], name=op.f("fk_duty_log_assignment_id_duty_assignments")
        ),
        sa.ForeignKeyConstraint(["roster_id"], ["duty_rosters.id"], name=op.f("fk_duty_log_roster_id_duty_rosters")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_log")),
    )
    with op.batch_alter_table("duty_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_log_cadre_id"), ["cadre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_log_duty_on"), ["duty_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_log_outcome"), ["outcome"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_log_roster_id"), ["roster_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("duty_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_log_roster_id"))
        batch_op.drop_index(batch_op.f("ix_duty_log_outcome"))
        batch_op.drop_index(batch_op.f("ix_duty_log_duty_on"))
        batch_op.drop_index(batch_op.f("ix_duty_log_cadre_id"))

    op.drop_table("duty_log")
    with op.batch_alter_table("duty_swaps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_swaps_roster_id"))

    op.drop_table("duty_swaps")
    with op.batch_alter_table("duty_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_assignments_roster_id"))
        batch_op.drop_index(batch_op.f("ix_duty_assignments_duty_on"))
        batch_op.drop_index(batch_op.f("ix_duty_assignments_cadre_id"))

    op.drop_table("duty_assignments")
    with op.batch_alter_table("duty_rosters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_rosters_year"))
        batch_op.drop_index(batch_op.f("ix_duty_rosters_state"))
        batch_op.drop_index(batch_op.f("ix_duty_rosters_starts_on"))
        batch_op.drop_index(batch_op.f("ix_duty_rosters_holiday"))

    op.drop_table("duty_rosters")
