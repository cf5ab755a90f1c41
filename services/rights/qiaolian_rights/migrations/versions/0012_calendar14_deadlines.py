"""deadlines remember how the holiday calendar counted them, and whether that is provisional (a year
without holiday data): the scheduler counts them again when a year is added or corrected

Revision ID: 0012_calendar14_deadlines
Revises: 0011_statutory_deciders
Create Date: 2026-12-02 17:45:00
"""

from alembic import op

from qiaolian_chassis.deadlines import add_counting_columns, drop_counting_columns

revision = "0012_calendar14_deadlines"
down_revision = "0011_statutory_deciders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_counting_columns(op)


def downgrade() -> None:
    drop_counting_columns(op)
