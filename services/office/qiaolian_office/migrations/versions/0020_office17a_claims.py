"""財務: yearly budget lines per office, the expense claims against them and the decisions of each
claim's approval chain.

Revision ID: 0020_office17a_claims
Revises: 0019_search15_names
Create Date: 2026-12-02 20:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_office17a_claims"
down_revision = "0019_search15_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("amount_yuan", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("office", "year", "code", name=op.f("uq_budget_lines_office")),
    )
    op.create_index(op.f("ix_budget_lines_office"), "budget_lines", ["office"])
    op.create_index(op.f("ix_budget_lines_year"), "budget_lines", ["year"])
    op.create_table(
        "expense_claims",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("line_id", sa.String(length=64), nullable=False),
        sa.Column("cadre_id", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("amount_yuan", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("rejected_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["line_id"], ["budget_lines.id"], name=op.f("fk_expense_claims_line_id_budget_lines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_claims")),
    )
    for col in ("line_id", "cadre_id", "office", "state", "submitted_on"):
        op.create_index(op.f(f"ix_expense_claims_{col}"), "expense_claims", [col])
    op.create_table(
        "expense_claim_decisions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["expense_claims.id"], name=op.f("fk_expense_claim_decisions_claim_id_expense_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_claim_decisions")),
        sa.UniqueConstraint("claim_id", "step", name=op.f("uq_expense_claim_decisions_claim_id")),
    )
    op.create_index(op.f("ix_expense_claim_decisions_claim_id"), "expense_claim_decisions", ["claim_id"])


def downgrade() -> None:
    op.drop_table("expense_claim_decisions")
    op.drop_table("expense_claims")
    op.drop_table("budget_lines")
