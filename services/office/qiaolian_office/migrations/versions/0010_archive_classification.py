"""archives keep the classification of the document filed (cases are internal): an entry of a
classified document is shown only to those cleared for it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("archives") as batch:
        batch.add_column(sa.Column("classification", sa.String(length=20), server_default="internal", nullable=False))
    for kind, table in (("incoming_document", "incoming_documents"), ("outgoing_document", "outgoing_documents")):
        op.execute(
            f"UPDATE archives SET classification = (SELECT d.classification FROM {table} d "  # noqa: S608
            f"WHERE d.id = archives.source_id) WHERE source_kind = '{kind}' "
            f"AND EXISTS (SELECT 1 FROM {table} d WHERE d.id = archives.source_id)"
        )


def downgrade() -> None:
    with op.batch_alter_table("archives") as batch:
        batch.drop_column("classification")
