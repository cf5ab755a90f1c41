"""federations as a tree (province → city → county → 僑胞之家, universities) and the 地方僑聯+大學僑聯+校友會 links

Revision ID: 0007_seed18_federation_tree
Revises: 0005_chain_decisions
Create Date: 2026-12-02 18:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_seed18_federation_tree"
down_revision = "0006_calendar14_deadlines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("federations") as b:
        b.add_column(sa.Column("parent_id", sa.String(64), nullable=True))
        b.create_foreign_key(op.f("fk_federations_parent_id_federations"), "federations", ["parent_id"], ["id"])
        b.create_index(op.f("ix_federations_parent_id"), ["parent_id"])
    op.create_table(
        "federation_links",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("local_federation_id", sa.String(64), nullable=False),
        sa.Column("university_federation_id", sa.String(64), nullable=False),
        sa.Column("alumni_association", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["local_federation_id"],
            ["federations.id"],
            name=op.f("fk_federation_links_local_federation_id_federations"),
        ),
        sa.ForeignKeyConstraint(
            ["university_federation_id"],
            ["federations.id"],
            name=op.f("fk_federation_links_university_federation_id_federations"),
        ),
        sa.UniqueConstraint(
            "local_federation_id",
            "university_federation_id",
            name=op.f("uq_federation_links_local_federation_id"),
        ),
    )
    op.create_index(op.f("ix_federation_links_local_federation_id"), "federation_links", ["local_federation_id"])
    op.create_index(
        op.f("ix_federation_links_university_federation_id"), "federation_links", ["university_federation_id"]
    )


def downgrade() -> None:
    op.drop_table("federation_links")
    with op.batch_alter_table("federations") as b:
        b.drop_index(op.f("ix_federations_parent_id"))
        b.drop_constraint(op.f("fk_federations_parent_id_federations"), type_="foreignkey")
        b.drop_column("parent_id")
