"""indexes for every filter and sort the lists offer (issue 15): keyset pages and filtered lists
read an index range instead of sorting the table

Revision ID: 0014_scale_indexes
Revises: 0011_statutory_deciders
Create Date: 2026-12-02 17:50:00.000000
"""

from alembic import op

revision = "0014_scale_indexes"
down_revision = "0013_petitions14_statutory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_petitions_received", "petitions", ["received_on", "id"])
    op.create_index("ix_petitions_state_received", "petitions", ["state", "received_on", "id"])
    op.create_index("ix_petitions_class_received", "petitions", ["petition_class", "received_on", "id"])
    op.create_index("ix_petitions_channel_received", "petitions", ["channel", "received_on", "id"])
    op.create_index("ix_petitions_category_received", "petitions", ["category", "received_on", "id"])
    op.create_index("ix_petitions_region_received", "petitions", ["region", "received_on", "id"])
    op.create_index("ix_petitions_handler_received", "petitions", ["handler_cadre_id", "received_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_petitions_handler_received", table_name="petitions")
    op.drop_index("ix_petitions_region_received", table_name="petitions")
    op.drop_index("ix_petitions_category_received", table_name="petitions")
    op.drop_index("ix_petitions_channel_received", table_name="petitions")
    op.drop_index("ix_petitions_class_received", table_name="petitions")
    op.drop_index("ix_petitions_state_received", table_name="petitions")
    op.drop_index("ix_petitions_received", table_name="petitions")
