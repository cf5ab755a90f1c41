"""機要: the register of confidential mail received and sent

Revision ID: 0016_office17b_confmail
Revises: 0015_office17b_safety
Create Date: 2026-12-02 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_office17b_confmail"
down_revision = "0015_office17b_safety"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "confidential_mail",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("serial_number", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("counterpart", sa.String(length=200), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("handler_id", sa.String(length=64), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("disposal", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidential_mail")),
    )
    op.create_index(op.f("ix_confidential_mail_classification"), "confidential_mail", ["classification"], unique=False)
    op.create_index("ix_confidential_mail_registered", "confidential_mail", ["registered_on", "id"], unique=False)
    op.create_index("ix_confidential_mail_state_due", "confidential_mail", ["state", "due_on", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_confidential_mail_state_due", table_name="confidential_mail")
    op.drop_index("ix_confidential_mail_registered", table_name="confidential_mail")
    op.drop_index(op.f("ix_confidential_mail_classification"), table_name="confidential_mail")
    op.drop_table("confidential_mail")
