"""party work (黨建) and retired cadres (離退休幹部): branches, members, committee terms, meetings and
attendance, members' transfers; retirees' activities and attendance, benefits by policy, visits

Revision ID: 0011_personnel18_party
Revises: 0010_search15_names
Create Date: 2026-12-02 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_personnel18_party"
down_revision = "0010_search15_names"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "party_branches",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("office", sa.String(20), nullable=True),
        sa.Column("term_ends_on", sa.Date, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("name", name=op.f("uq_party_branches_name")),
        sa.UniqueConstraint("office", name=op.f("uq_party_branches_office")),
    )
    op.create_index(op.f("ix_party_branches_kind"), "party_branches", ["kind"])
    op.create_table(
        "party_members",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("branch_id", sa.String(64), nullable=False),
        sa.Column("cadre_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("joined_on", sa.Date, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        _fk("party_members", "branch_id", "party_branches"),
        _fk("party_members", "cadre_id", "cadres"),
        sa.UniqueConstraint("cadre_id", name=op.f("uq_party_members_cadre_id")),
    )
    op.create_index(op.f("ix_party_members_branch_id"), "party_members", ["branch_id"])
    op.create_table(
        "party_branch_terms",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("branch_id", sa.String(64), nullable=False),
        sa.Column("elected_on", sa.Date, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        _fk("party_branch_terms", "branch_id", "party_branches"),
    )
    op.create_index(op.f("ix_party_branch_terms_branch_id"), "party_branch_terms", ["branch_id"])
    op.create_table(
        "party_meetings",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("branch_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        _fk("party_meetings", "branch_id", "party_branches"),
    )
    op.create_index("ix_party_meetings_branch_held", "party_meetings", ["branch_id", "held_on", "id"])
    op.create_table(
        "party_meeting_attendance",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("meeting_id", sa.String(64), nullable=False),
        sa.Column("cadre_id", sa.String(64), nullable=False),
        _fk("party_meeting_attendance", "meeting_id", "party_meetings"),
        _fk("party_meeting_attendance", "cadre_id", "cadres"),
        sa.UniqueConstraint("meeting_id", "cadre_id", name=op.f("uq_party_meeting_attendance_meeting_id")),
    )
    op.create_index(op.f("ix_party_meeting_attendance_meeting_id"), "party_meeting_attendance", ["meeting_id"])
    op.create_table(
        "party_transfers",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("cadre_id", sa.String(64), nullable=False),
        sa.Column("from_branch_id", sa.String(64), nullable=False),
        sa.Column("to_branch_id", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        _fk("party_transfers", "cadre_id", "cadres"),
        _fk("party_transfers", "from_branch_id", "party_branches"),
        _fk("party_transfers", "to_branch_id", "party_branches"),
    )
    op.create_index(op.f("ix_party_transfers_cadre_id"), "party_transfers", ["cadre_id"])
    op.create_table(
        "retiree_activities",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_retiree_activities_held", "retiree_activities", ["held_on", "id"])
    op.create_table(
        "retiree_activity_attendance",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("activity_id", sa.String(64), nullable=False),
        sa.Column("cadre_id", sa.String(64), nullable=False),
        _fk("retiree_activity_attendance", "activity_id", "retiree_activities"),
        _fk("retiree_activity_attendance", "cadre_id", "cadres"),
        sa.UniqueConstraint("activity_id", "cadre_id", name=op.f("uq_retiree_activity_attendance_activity_id")),
    )
    op.create_index(op.f("ix_retiree_activity_attendance_activity_id"), "retiree_activity_attendance", ["activity_id"])
    op.create_table(
        "retiree_benefits",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("cadre_id", sa.String(64), nullable=False),
        sa.Column("policy", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("period", sa.String(20), nullable=False),
        sa.Column("period_from", sa.Date, nullable=False),
        sa.Column("period_to", sa.Date, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        _fk("retiree_benefits", "cadre_id", "cadres"),
    )
    op.create_index("ix_retiree_benefits_cadre", "retiree_benefits", ["cadre_id", "period_from", "id"])
    op.create_table(
        "retiree_visits",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("cadre_id", sa.String(64), nullable=False),
        sa.Column("planned_on", sa.Date, nullable=False),
        sa.Column("by_cadre_id", sa.String(64), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("visited_on", sa.Date, nullable=True),
        sa.Column("notes", sa.String(1000), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        _fk("retiree_visits", "cadre_id", "cadres"),
        _fk("retiree_visits", "by_cadre_id", "cadres"),
    )
    op.create_index(op.f("ix_retiree_visits_cadre_id"), "retiree_visits", ["cadre_id"])
    op.create_index(op.f("ix_retiree_visits_state"), "retiree_visits", ["state"])
    op.create_index("ix_retiree_visits_planned", "retiree_visits", ["planned_on", "id"])


def downgrade() -> None:
    for table in (
        "retiree_visits",
        "retiree_benefits",
        "retiree_activity_attendance",
        "retiree_activities",
        "party_transfers",
        "party_meeting_attendance",
        "party_meetings",
        "party_branch_terms",
        "party_members",
        "party_branches",
    ):
        op.drop_table(table)
