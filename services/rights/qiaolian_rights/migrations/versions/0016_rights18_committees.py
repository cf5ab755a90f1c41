"""rights18 (issue 18): committee members on the counsel roster, the affiliated bodies' reports, the
economic work's overseas contacts; the accredited startup bases' valid_to becomes a watched deadline

Revision ID: 0016_rights18_committees
Revises: 0015_search15_names
Create Date: 2026-12-02 20:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_rights18_committees"
down_revision = "0015_search15_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "affiliate_reports",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliate_reports")),
    )
    op.create_index(op.f("ix_affiliate_reports_body"), "affiliate_reports", ["body"], unique=False)
    op.create_index(op.f("ix_affiliate_reports_due_on"), "affiliate_reports", ["due_on"], unique=False)
    op.create_index(op.f("ix_affiliate_reports_kind"), "affiliate_reports", ["kind"], unique=False)
    op.create_index(op.f("ix_affiliate_reports_state"), "affiliate_reports", ["state"], unique=False)
    op.create_index(op.f("ix_affiliate_reports_year"), "affiliate_reports", ["year"], unique=False)
    op.create_table(
        "economic_contacts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("domain", sa.String(length=20), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=True),
        sa.Column("name_romanised", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("hometown", sa.String(length=100), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_economic_contacts")),
    )
    op.create_index(op.f("ix_economic_contacts_country"), "economic_contacts", ["country"], unique=False)
    op.create_index(op.f("ix_economic_contacts_domain"), "economic_contacts", ["domain"], unique=False)
    op.create_index(op.f("ix_economic_contacts_field"), "economic_contacts", ["field"], unique=False)
    op.create_index(op.f("ix_economic_contacts_kind"), "economic_contacts", ["kind"], unique=False)
    op.create_index(op.f("ix_economic_contacts_status"), "economic_contacts", ["status"], unique=False)
    op.add_column("counsel", sa.Column("committee", sa.String(length=30), nullable=True))
    op.create_index(op.f("ix_counsel_committee"), "counsel", ["committee"], unique=False)
    # bases accredited before: their valid_to is watched from now on (a lapsed one falls overdue at once)
    op.execute(
        "INSERT INTO deadlines (id, kind, subject_id, due_on, state, updated_at, provisional) "
        "SELECT 'sbv-' || id, 'startup_base_validity', id, valid_to, 'open', CURRENT_TIMESTAMP, false "
        "FROM startup_bases WHERE state = 'accredited' AND valid_to IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("DELETE FROM deadlines WHERE kind = 'startup_base_validity'")
    op.drop_index(op.f("ix_counsel_committee"), table_name="counsel")
    op.drop_column("counsel", "committee")
    op.drop_index(op.f("ix_economic_contacts_status"), table_name="economic_contacts")
    op.drop_index(op.f("ix_economic_contacts_kind"), table_name="economic_contacts")
    op.drop_index(op.f("ix_economic_contacts_field"), table_name="economic_contacts")
    op.drop_index(op.f("ix_economic_contacts_domain"), table_name="economic_contacts")
    op.drop_index(op.f("ix_economic_contacts_country"), table_name="economic_contacts")
    op.drop_table("economic_contacts")
    op.drop_index(op.f("ix_affiliate_reports_year"), table_name="affiliate_reports")
    op.drop_index(op.f("ix_affiliate_reports_state"), table_name="affiliate_reports")
    op.drop_index(op.f("ix_affiliate_reports_kind"), table_name="affiliate_reports")
    op.drop_index(op.f("ix_affiliate_reports_due_on"), table_name="affiliate_reports")
    op.drop_index(op.f("ix_affiliate_reports_body"), table_name="affiliate_reports")
    op.drop_table("affiliate_reports")
