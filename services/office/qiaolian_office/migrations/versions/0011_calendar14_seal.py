"""the sealing step (用印) of outgoing documents: who applied the seal and when

Revision ID: 0011_calendar14_seal
Revises: 0010
Create Date: 2026-12-02 17:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_calendar14_seal"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing_documents") as batch:
        batch.add_column(sa.Column("sealed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("sealed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outgoing_documents") as batch:
        batch.drop_column("sealed_on")
        batch.drop_column("sealed_by")
