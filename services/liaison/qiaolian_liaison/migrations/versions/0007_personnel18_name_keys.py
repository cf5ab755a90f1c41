"""duplicate keys recomputed: Chinese names folded Traditional to Simplified (OpenCC), persons' romanised
names with the common romanisations of one surname folded (Chen/Tan/Chan, Lin/Lim, Huang/Wong/Ng)

Revision ID: 0007_personnel18_name_keys
Revises: 0006_search15_names
Create Date: 2026-12-02 21:05:00
"""

import sqlalchemy as sa
from alembic import op

from qiaolian_liaison.associations import rules

revision = "0007_personnel18_name_keys"
down_revision = "0006_search15_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    persons = sa.table(
        "persons",
        sa.column("id", sa.String),
        sa.column("name_zh", sa.String),
        sa.column("family_name", sa.String),
        sa.column("given_name", sa.String),
        sa.column("zh_key", sa.String),
        sa.column("romanised_key", sa.String),
    )
    for row in conn.execute(
        sa.select(persons.c.id, persons.c.name_zh, persons.c.family_name, persons.c.given_name)
    ).all():
        conn.execute(
            persons.update()
            .where(persons.c.id == row.id)
            .values(
                zh_key=rules.zh_key(row.name_zh),
                romanised_key=rules.person_romanised_key(row.family_name, row.given_name),
            )
        )
    associations = sa.table(
        "associations", sa.column("id", sa.String), sa.column("name_zh", sa.String), sa.column("zh_key", sa.String)
    )
    for row in conn.execute(sa.select(associations.c.id, associations.c.name_zh)).all():
        conn.execute(associations.update().where(associations.c.id == row.id).values(zh_key=rules.zh_key(row.name_zh)))


def downgrade() -> None:
    pass  # the folded keys find what the plain ones found, and more
