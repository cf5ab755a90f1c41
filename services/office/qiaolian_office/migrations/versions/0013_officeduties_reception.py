"""公務接待 as a plan: receptions for a visit or standalone, with guests, meals, nights, venue, hosting
leader, budget, the decline and the actual cost. A reception arranged before (nothing planned) is kept
as confirmed: liaison already shows it arranged.

Revision ID: 0013_officeduties_reception
Revises: 0010
Create Date: 2026-12-02 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_officeduties_reception"
down_revision = "0012_calendar14_deadlines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("receptions") as batch:
        batch.alter_column("visit_id", existing_type=sa.String(length=64), nullable=True)
        batch.add_column(sa.Column("guests", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("guest_level", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("meals", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("nights", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("venue", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("hosting_leader_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("budget_yuan", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("decline_reason", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("decline_note", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("held_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("actual_cost_yuan", sa.BigInteger(), nullable=True))
        batch.create_index("ix_receptions_status", ["status"])
    op.execute("UPDATE receptions SET status = 'confirmed' WHERE status = 'arranged'")


def downgrade() -> None:
    op.execute("DELETE FROM receptions WHERE visit_id IS NULL")
    op.execute("UPDATE receptions SET status = 'arranged' WHERE status = 'confirmed'")
    with op.batch_alter_table("receptions") as batch:
        batch.drop_index("ix_receptions_status")
        for c in (
            "actual_cost_yuan",
            "closed_on",
            "held_on",
            "decided_on",
            "decline_note",
            "decline_reason",
            "budget_yuan",
            "hosting_leader_id",
            "venue",
            "nights",
            "meals",
            "guest_level",
            "guests",
        ):
            batch.drop_column(c)
        batch.alter_column("visit_id", existing_type=sa.String(length=64), nullable=False)
