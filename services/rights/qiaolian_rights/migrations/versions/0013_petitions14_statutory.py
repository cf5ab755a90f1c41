"""petitions: the review and re-review opinions' delivery (送達) and the request windows they open;
the written notice's own deadline; the keyed hash of name + phone of a petitioner without an ID number

Revision ID: 0013_petitions14_statutory
Revises: 0011_statutory_deciders
Create Date: 2026-12-02 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_petitions14_statutory"
down_revision = "0012_calendar14_deadlines"
branch_labels = None
depends_on = None

COLUMNS = (
    "review_request_until",
    "review_opinion_delivered_on",
    "rereview_request_until",
    "rereview_opinion_delivered_on",
    "notice_due",
)


def upgrade() -> None:
    with op.batch_alter_table("petitions") as t:
        for c in COLUMNS:
            t.add_column(sa.Column(c, sa.Date, nullable=True))
        t.add_column(sa.Column("petitioner_contact_hash", sa.String(64), nullable=True))
        t.add_column(sa.Column("repeat_reason", sa.Text, nullable=True))
        t.create_index("ix_petitions_petitioner_contact_hash", ["petitioner_contact_hash"])


def downgrade() -> None:
    with op.batch_alter_table("petitions") as t:
        t.drop_index("ix_petitions_petitioner_contact_hash")
        t.drop_column("repeat_reason")
        t.drop_column("petitioner_contact_hash")
        for c in reversed(COLUMNS):
            t.drop_column(c)
