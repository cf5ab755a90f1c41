"""petitions: who decided (the signed-in rights head); the written waiver of a (re-)review

Revision ID: 0011_statutory_deciders
Revises: 0010
Create Date: 2026-12-02 06:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_statutory_deciders"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = ("decided_by", "review_decided_by", "rereview_decided_by")


def upgrade() -> None:
    with op.batch_alter_table("petitions") as t:
        for c in COLUMNS:
            t.add_column(sa.Column(c, sa.String(100), nullable=True))
        t.add_column(sa.Column("waiver_received_on", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("petitions") as t:
        t.drop_column("waiver_received_on")
        for c in reversed(COLUMNS):
            t.drop_column(c)
