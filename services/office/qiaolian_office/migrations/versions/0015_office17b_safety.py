"""safety (平安建設, 安全生產, 消防): inspections and their findings, fire drills, equipment and its checks

Revision ID: 0015_office17b_safety
Revises: 0014_scale_indexes
Create Date: 2026-12-02 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_office17b_safety"
down_revision = "0014_scale_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fire_drills",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("premises", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fire_drills")),
    )
    op.create_index(op.f("ix_fire_drills_held_on"), "fire_drills", ["held_on"], unique=False)
    op.create_table(
        "safety_equipment",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("serial", sa.String(length=60), nullable=True),
        sa.Column("next_check_on", sa.Date(), nullable=False),
        sa.Column("last_checked_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_equipment")),
    )
    op.create_index(op.f("ix_safety_equipment_kind"), "safety_equipment", ["kind"], unique=False)
    op.create_index(
        "ix_safety_equipment_state_next", "safety_equipment", ["state", "next_check_on", "id"], unique=False
    )
    op.create_table(
        "safety_inspections",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("premises", sa.String(length=200), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("inspector_id", sa.String(length=64), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_inspections")),
    )
    op.create_index("ix_safety_inspections_inspected", "safety_inspections", ["inspected_on", "id"], unique=False)
    op.create_index(op.f("ix_safety_inspections_kind"), "safety_inspections", ["kind"], unique=False)
    op.create_table(
        "safety_equipment_checks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("equipment_id", sa.String(length=64), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("checker_id", sa.String(length=64), nullable=False),
        sa.Column("next_check_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["equipment_id"],
            ["safety_equipment.id"],
            name=op.f("fk_safety_equipment_checks_equipment_id_safety_equipment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_equipment_checks")),
    )
    op.create_index(
        op.f("ix_safety_equipment_checks_equipment_id"), "safety_equipment_checks", ["equipment_id"], unique=False
    )
    op.create_table(
        "safety_findings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("inspection_id", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("rectified_on", sa.Date(), nullable=True),
        sa.Column("rectification", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["safety_inspections.id"],
            name=op.f("fk_safety_findings_inspection_id_safety_inspections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_findings")),
    )
    op.create_index(op.f("ix_safety_findings_inspection_id"), "safety_findings", ["inspection_id"], unique=False)
    op.create_index("ix_safety_findings_state_due", "safety_findings", ["state", "due_on", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_safety_findings_state_due", table_name="safety_findings")
    op.drop_index(op.f("ix_safety_findings_inspection_id"), table_name="safety_findings")
    op.drop_table("safety_findings")
    op.drop_index(op.f("ix_safety_equipment_checks_equipment_id"), table_name="safety_equipment_checks")
    op.drop_table("safety_equipment_checks")
    op.drop_index(op.f("ix_safety_inspections_kind"), table_name="safety_inspections")
    op.drop_index("ix_safety_inspections_inspected", table_name="safety_inspections")
    op.drop_table("safety_inspections")
    op.drop_index("ix_safety_equipment_state_next", table_name="safety_equipment")
    op.drop_index(op.f("ix_safety_equipment_kind"), table_name="safety_equipment")
    op.drop_table("safety_equipment")
    op.drop_index(op.f("ix_fire_drills_held_on"), table_name="fire_drills")
    op.drop_table("fire_drills")
