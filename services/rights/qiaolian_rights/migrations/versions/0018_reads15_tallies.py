"""reads15 (issue 15): petition_tallies, the petition counts the commands keep for the statistics
(petitions/tallies.py), filled here from the petitions already registered; and an index over deadlines'
kind, state, due and met dates, from which the statistics count the deadlines' outcomes.

Revision ID: 0018_reads15_tallies
Revises: 0017_perf15_redundant_ix
Create Date: 2026-12-03 07:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_reads15_tallies"
down_revision = "0017_perf15_redundant_ix"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "petition_tallies",
        sa.Column("dimension", sa.String(20), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("dimension", "month", "region", "value", name="pk_petition_tallies"),
    )
    op.create_index("ix_petition_tallies_region", "petition_tallies", ["region", "dimension", "month"])
    month = (
        "to_char(received_on, 'YYYY-MM')"
        if op.get_bind().dialect.name == "postgresql"
        else "strftime('%Y-%m', received_on)"
    )
    for region in ("coalesce(region, '')", "'*'"):
        _fill(month, region)
    # the statistics' deadline outcomes: one scan of this index, not of the table
    op.create_index("ix_deadlines_outcome", "deadlines", ["kind", "state", "due_on", "met_on"])


def _fill(month: str, region: str) -> None:
    for dimension, value, where in (
        ("total", "''", "state != 'linked'"),
        ("linked", "''", "state = 'linked'"),
        ("class", "petition_class", "state != 'linked'"),
        ("category", "coalesce(category, 'unknown')", "state != 'linked'"),
        ("channel", "channel", "state != 'linked'"),
    ):
        op.execute(
            f"INSERT INTO petition_tallies (dimension, month, region, value, n) "  # noqa: S608 (constants only)
            f"SELECT '{dimension}', {month}, {region}, {value}, count(*) FROM petitions WHERE {where} "
            "GROUP BY 2, 3, 4"
        )


def downgrade() -> None:
    op.drop_index("ix_deadlines_outcome", table_name="deadlines")
    op.drop_index("ix_petition_tallies_region", table_name="petition_tallies")
    op.drop_table("petition_tallies")
