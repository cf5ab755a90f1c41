"""commendations: who nominated, and who decided each step of the chain (ACCESS.md, separation of duties)

Revision ID: 0005_chain_decisions
Revises: 0004
Create Date: 2026-12-02 06:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_chain_decisions"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nominations") as b:
        b.add_column(sa.Column("nominated_by", sa.String(100), nullable=True))
    op.create_table(
        "commendation_decisions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("commendation_id", sa.String(64), sa.ForeignKey("commendations.id"), nullable=False),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("nomination_id", sa.String(64), nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_commendation_decisions_commendation_id", "commendation_decisions", ["commendation_id"])


def downgrade() -> None:
    op.drop_index("ix_commendation_decisions_commendation_id", "commendation_decisions")
    op.drop_table("commendation_decisions")
    with op.batch_alter_table("nominations") as b:
        b.drop_column("nominated_by")
