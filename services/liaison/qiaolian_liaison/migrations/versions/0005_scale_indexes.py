"""indexes for every filter and sort the lists offer (issue 15): keyset pages and filtered lists
read an index range instead of sorting the table

Revision ID: 0005_scale_indexes
Revises: 0003
Create Date: 2026-12-02 17:50:00.000000
"""

from alembic import op

revision = "0005_scale_indexes"
down_revision = "0004_calendar14_deadlines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_associations_country_id", "associations", ["country", "id"])
    op.create_index("ix_persons_country_id", "persons", ["country", "id"])


def downgrade() -> None:
    op.drop_index("ix_persons_country_id", table_name="persons")
    op.drop_index("ix_associations_country_id", table_name="associations")
