"""search over the titles of documents and the registry's names with an index (issue 15): FTS5 trigram on
SQLite, pg_trgm GIN on PostgreSQL (qiaolian_chassis.search)

Revision ID: 0019_search15_names
Revises: 0018_office17b_research
Create Date: 2026-12-02 20:40:00.000000
"""

from alembic import op

from qiaolian_chassis.search import TrigramSearch

revision = "0019_search15_names"
down_revision = "0018_office17b_research"
branch_labels = None
depends_on = None

# as of this revision (the tables' modules declare the same for their queries)
SEARCHES = (
    TrigramSearch("incoming_documents", ("title",)),
    TrigramSearch("outgoing_documents", ("title",)),
    TrigramSearch("registry_resources", ("name_zh", "name_romanised")),
)


def upgrade() -> None:
    for search in SEARCHES:
        search.create(op)


def downgrade() -> None:
    for search in reversed(SEARCHES):
        search.drop(op)
