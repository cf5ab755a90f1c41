"""congresses of returnees and relatives (歸僑僑眷代表大會): quotas, delegates, elected committee

Revision ID: 0008_seed18_congresses
Revises: 0007_seed18_federation_tree
Create Date: 2026-12-02 18:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_seed18_congresses"
down_revision = "0007_seed18_federation_tree"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "congresses",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("session_no", sa.Integer, nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name=op.f("uq_congresses_name")),
    )
    op.create_index(op.f("ix_congresses_held_on"), "congresses", ["held_on"])
    op.create_index(op.f("ix_congresses_state"), "congresses", ["state"])
    op.create_table(
        "congress_quotas",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("congress_id", sa.String(64), nullable=False),
        sa.Column("federation_id", sa.String(64), nullable=False),
        sa.Column("seats", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["congress_id"], ["congresses.id"], name=op.f("fk_congress_quotas_congress_id_congresses")
        ),
        sa.ForeignKeyConstraint(
            ["federation_id"], ["federations.id"], name=op.f("fk_congress_quotas_federation_id_federations")
        ),
        sa.UniqueConstraint("congress_id", "federation_id", name=op.f("uq_congress_quotas_congress_id")),
    )
    op.create_index(op.f("ix_congress_quotas_congress_id"), "congress_quotas", ["congress_id"])
    op.create_index(op.f("ix_congress_quotas_federation_id"), "congress_quotas", ["federation_id"])
    op.create_table(
        "congress_delegates",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("congress_id", sa.String(64), nullable=False),
        sa.Column("federation_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("identity_review_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["congress_id"], ["congresses.id"], name=op.f("fk_congress_delegates_congress_id_congresses")
        ),
        sa.ForeignKeyConstraint(
            ["federation_id"], ["federations.id"], name=op.f("fk_congress_delegates_federation_id_federations")
        ),
        sa.ForeignKeyConstraint(
            ["identity_review_id"],
            ["identity_reviews.id"],
            name=op.f("fk_congress_delegates_identity_review_id_identity_reviews"),
        ),
    )
    op.create_index(op.f("ix_congress_delegates_congress_id"), "congress_delegates", ["congress_id"])
    op.create_index(op.f("ix_congress_delegates_federation_id"), "congress_delegates", ["federation_id"])
    op.create_table(
        "congress_committee_members",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("congress_id", sa.String(64), nullable=False),
        sa.Column("delegate_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.ForeignKeyConstraint(
            ["congress_id"], ["congresses.id"], name=op.f("fk_congress_committee_members_congress_id_congresses")
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["congress_delegates.id"],
            name=op.f("fk_congress_committee_members_delegate_id_congress_delegates"),
        ),
        sa.UniqueConstraint("delegate_id", name=op.f("uq_congress_committee_members_delegate_id")),
    )
    op.create_index(op.f("ix_congress_committee_members_congress_id"), "congress_committee_members", ["congress_id"])


def downgrade() -> None:
    op.drop_table("congress_committee_members")
    op.drop_table("congress_delegates")
    op.drop_table("congress_quotas")
    op.drop_table("congresses")
