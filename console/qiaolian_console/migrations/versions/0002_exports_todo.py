"""我的待办: the console's projection of each person's items (todo_items)

Revision ID: 0002_exports_todo
Revises: 0001
Create Date: 2026-12-02 18:10:00
"""

import sqlalchemy as sa
from alembic import op

from qiaolian_chassis.tables import BigId

revision = "0002_exports_todo"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "todo_items",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("card", sa.String(length=20), nullable=False),
        sa.Column("audience", sa.String(length=100), nullable=False),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("what", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("link", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_todo_items")),
        sa.UniqueConstraint("card", "audience", "record_kind", "record_id", "what", name=op.f("uq_todo_items_card")),
    )
    op.create_index(op.f("ix_todo_items_audience"), "todo_items", ["audience"])
    op.create_index(op.f("ix_todo_items_record_id"), "todo_items", ["record_id"])


def downgrade() -> None:
    op.drop_table("todo_items")
