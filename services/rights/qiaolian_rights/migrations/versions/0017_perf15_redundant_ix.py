"""perf15 (issue 15): drop the single-column indexes on petitions' state, petition_class and region.
Each is the first column of a (column, received_on, id) index of 0014_scale_indexes, which serves every
lookup the single one served; a filing wrote each of them (three B-trees of fourteen) for nothing.

Revision ID: 0017_perf15_redundant_ix
Revises: 0016_rights18_committees
Create Date: 2026-12-02 22:00:00.000000
"""

from alembic import op

revision = "0017_perf15_redundant_ix"
down_revision = "0016_rights18_committees"
branch_labels = None
depends_on = None

REDUNDANT = {  # index: its column (each led by a composite index kept)
    "ix_petitions_state": "state",
    "ix_petitions_petition_class": "petition_class",
    "ix_petitions_region": "region",
}


def upgrade() -> None:
    for name in REDUNDANT:
        op.drop_index(name, table_name="petitions")


def downgrade() -> None:
    for name, column in REDUNDANT.items():
        op.create_index(name, "petitions", [column])
