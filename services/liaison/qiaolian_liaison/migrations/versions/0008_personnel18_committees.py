"""committees with terms: the youth committee (青年委員會) and the overseas advisers (海外顧問), members

Revision ID: 0008_personnel18_committees
Revises: 0007_personnel18_name_keys
Create Date: 2026-12-02 21:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_personnel18_committees"
down_revision = "0007_personnel18_name_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "committees",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("session_no", sa.Integer, nullable=False),
        sa.Column("term_starts_on", sa.Date, nullable=False),
        sa.Column("term_ends_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name=op.f("uq_committees_name")),
    )
    op.create_index(op.f("ix_committees_kind"), "committees", ["kind"])
    op.create_table(
        "committee_members",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("committee_id", sa.String(64), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("joined_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committees.id"], name=op.f("fk_committee_members_committee_id_committees")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_committee_members_person_id_persons")),
        sa.UniqueConstraint("committee_id", "person_id", name=op.f("uq_committee_members_committee_id")),
    )
    op.create_index(op.f("ix_committee_members_committee_id"), "committee_members", ["committee_id"])
    op.create_index(op.f("ix_committee_members_person_id"), "committee_members", ["person_id"])


def downgrade() -> None:
    op.drop_table("committee_members")
    op.drop_table("committees")
