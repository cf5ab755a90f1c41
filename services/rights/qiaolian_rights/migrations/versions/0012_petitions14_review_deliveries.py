"""petitions: the review and re-review opinions' delivery (送達) and the request windows they open;
the written notice's own deadline

Revision ID: 0012_petitions14_review_deliveries
Revises: 0011_statutory_deciders
Create Date: 2026-12-02 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_petitions14_review_deliveries"
down_revision = "0011_statutory_deciders"
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


def downgrade() -> None:
    with op.batch_alter_table("petitions") as t:
        for c in reversed(COLUMNS):
            t.drop_column(c)
