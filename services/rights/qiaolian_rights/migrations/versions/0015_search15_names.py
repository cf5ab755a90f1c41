"""search over petitioners' and agents' names with an index (issue 15): FTS5 trigram on
SQLite, pg_trgm GIN on PostgreSQL (qiaolian_chassis.search)

Revision ID: 0015_search15_names
Revises: 0014_scale_indexes
Create Date: 2026-12-02 20:40:00.000000
"""

from alembic import op

from qiaolian_chassis.search import TrigramSearch

revision = "0015_search15_names"
down_revision = "0014_scale_indexes"
branch_labels = None
depends_on = None

# as of this revision (the tables' modules declare the same for their queries)
SEARCHES = (TrigramSearch("petitions", ("petitioner_name", "agent_name")),)


def upgrade() -> None:
    for search in SEARCHES:
        search.create(op)


def downgrade() -> None:
    for search in reversed(SEARCHES):
        search.drop(op)
