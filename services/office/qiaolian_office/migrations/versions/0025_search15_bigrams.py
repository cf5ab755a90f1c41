"""search over documents' titles and the registry's names by two characters (issue 15): a 2-character query (a Chinese given name) reads an index
too: on SQLite a contentless FTS5 table `<table>_grams` of the values' 2-character substrings, on
PostgreSQL a GIN index over `qiaolian_bigrams(column)` (qiaolian_chassis.search), filled from the rows
present

Revision ID: 0025_search15_bigrams
Revises: 0024_reads15_summary
Create Date: 2026-12-03 12:00:00.000000
"""

from alembic import op

from qiaolian_chassis.search import TrigramSearch

revision = "0025_search15_bigrams"
down_revision = "0024_reads15_summary"
branch_labels = None
depends_on = None

# as of this revision (the tables' modules declare the same for their queries); bigram_chars: the
# columns' declared length, so that a pair anywhere in a value is found
SEARCHES = (
    TrigramSearch("incoming_documents", ("title",), bigram_chars=300),
    TrigramSearch("outgoing_documents", ("title",), bigram_chars=300),
    TrigramSearch("registry_resources", ("name_zh", "name_romanised"), bigram_chars=200),
)


def upgrade() -> None:
    for search in SEARCHES:
        search.create_bigrams(op)


def downgrade() -> None:
    for search in reversed(SEARCHES):
        search.drop_bigrams(op)
