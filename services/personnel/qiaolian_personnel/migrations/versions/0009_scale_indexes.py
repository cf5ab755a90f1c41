"""indexes for every filter and sort the lists offer (issue 15): keyset pages and filtered lists
read an index range instead of sorting the table

Revision ID: 0009_scale_indexes
Revises: 0005_chain_decisions
Create Date: 2026-12-02 17:50:00.000000
"""

from alembic import op

revision = "0009_scale_indexes"
down_revision = "0008_seed18_congresses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_assessments_year_cadre", "assessments", ["year", "cadre_id"])
    op.create_index("ix_pay_changes_effective", "pay_changes", ["effective_on", "id"])
    op.create_index("ix_retiree_care_on", "retiree_care", ["on", "id"])
    op.create_index("ix_cadres_name_id", "cadres", ["name", "id"])


def downgrade() -> None:
    op.drop_index("ix_cadres_name_id", table_name="cadres")
    op.drop_index("ix_retiree_care_on", table_name="retiree_care")
    op.drop_index("ix_pay_changes_effective", table_name="pay_changes")
    op.drop_index("ix_assessments_year_cadre", table_name="assessments")
