"""indexes for every filter and sort the lists offer (issue 15): keyset pages and filtered lists
read an index range instead of sorting the table

Revision ID: 0014_scale_indexes
Revises: 0010
Create Date: 2026-12-02 17:50:00.000000
"""

from alembic import op

revision = "0014_scale_indexes"
down_revision = "0013_officeduties_reception"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_supervision_items_board", "supervision_items", ["office", "state", "due_on", "id"])
    op.create_index("ix_supervision_items_state_due", "supervision_items", ["state", "due_on", "id"])
    op.create_index("ix_supervision_items_kind_state_due", "supervision_items", ["kind", "state", "due_on", "id"])
    op.create_index("ix_incoming_documents_state_received", "incoming_documents", ["state", "received_on", "id"])
    op.create_index("ix_outgoing_documents_created", "outgoing_documents", ["created_at", "id"])
    op.create_index("ix_outgoing_documents_state_created", "outgoing_documents", ["state", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_outgoing_documents_state_created", table_name="outgoing_documents")
    op.drop_index("ix_outgoing_documents_created", table_name="outgoing_documents")
    op.drop_index("ix_incoming_documents_state_received", table_name="incoming_documents")
    op.drop_index("ix_supervision_items_kind_state_due", table_name="supervision_items")
    op.drop_index("ix_supervision_items_state_due", table_name="supervision_items")
    op.drop_index("ix_supervision_items_board", table_name="supervision_items")
