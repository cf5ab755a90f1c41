"""重要活動: major events and their tasks assigned to offices.

Revision ID: 0021_office17a_events
Revises: 0020_office17a_claims
Create Date: 2026-12-02 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_office17a_events"
down_revision = "0020_office17a_claims"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "major_events",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("leader_ids", sa.String(length=1000), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_major_events")),
    )
    op.create_index(op.f("ix_major_events_starts_on"), "major_events", ["starts_on"])
    op.create_index(op.f("ix_major_events_state"), "major_events", ["state"])
    op.create_table(
        "major_event_tasks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["major_events.id"], name=op.f("fk_major_event_tasks_event_id_major_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_major_event_tasks")),
    )
    op.create_index(op.f("ix_major_event_tasks_event_id"), "major_event_tasks", ["event_id"])
    op.create_index(op.f("ix_major_event_tasks_office"), "major_event_tasks", ["office"])


def downgrade() -> None:
    op.drop_table("major_event_tasks")
    op.drop_table("major_events")
