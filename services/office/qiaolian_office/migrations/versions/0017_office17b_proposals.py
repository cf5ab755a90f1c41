"""參政議政: proposals and motions for the NPC and CPPCC sessions

Revision ID: 0017_office17b_proposals
Revises: 0016_office17b_confmail
Create Date: 2026-12-02 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_office17b_proposals"
down_revision = "0016_office17b_confmail"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("session_year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("proposers", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("review_note", sa.String(length=1000), nullable=True),
        sa.Column("handling_organ", sa.String(length=200), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("reply_due_on", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_summary", sa.String(length=2000), nullable=True),
        sa.Column("rating", sa.String(length=30), nullable=True),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    op.create_index("ix_proposals_state_due", "proposals", ["state", "reply_due_on", "id"], unique=False)
    op.create_index("ix_proposals_year_created", "proposals", ["session_year", "created_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_proposals_year_created", table_name="proposals")
    op.drop_index("ix_proposals_state_due", table_name="proposals")
    op.drop_table("proposals")
