"""課題調研: the yearly research plan's topics and milestones

Revision ID: 0018_office17b_research
Revises: 0017_office17b_proposals
Create Date: 2026-12-02 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_office17b_research"
down_revision = "0017_office17b_proposals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "research_topics",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("lead_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report_title", sa.String(length=300), nullable=True),
        sa.Column("report_summary", sa.String(length=4000), nullable=True),
        sa.Column("report_filed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_topics")),
    )
    op.create_index(op.f("ix_research_topics_office"), "research_topics", ["office"], unique=False)
    op.create_index("ix_research_topics_year", "research_topics", ["plan_year", "id"], unique=False)
    op.create_table(
        "research_milestones",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["research_topics.id"], name=op.f("fk_research_milestones_topic_id_research_topics")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_milestones")),
    )
    op.create_index(op.f("ix_research_milestones_due_on"), "research_milestones", ["due_on"], unique=False)
    op.create_index("ix_research_milestones_topic", "research_milestones", ["topic_id", "due_on", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_research_milestones_topic", table_name="research_milestones")
    op.drop_index(op.f("ix_research_milestones_due_on"), table_name="research_milestones")
    op.drop_table("research_milestones")
    op.drop_index("ix_research_topics_year", table_name="research_topics")
    op.drop_index(op.f("ix_research_topics_office"), table_name="research_topics")
    op.drop_table("research_topics")
