"""liaison capabilities

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 15:16:30.817586
"""

import sqlalchemy as sa
from alembic import op

from qiaolian_chassis.deadlines import create_deadlines_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("term_starts_on", sa.Date(), nullable=False),
        sa.Column("term_ends_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointments_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointments_role"), ["role"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointments_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointments_term_ends_on"), ["term_ends_on"], unique=False)

    op.create_table(
        "articles",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_cadre_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reviewer_cadre_id", sa.String(length=64), nullable=True),
        sa.Column("review_comments", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_author_cadre_id"), ["author_cadre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_published_at"), ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_state"), ["state"], unique=False)

    op.create_table(
        "associations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=True),
        sa.Column("name_romanised", sa.String(length=200), nullable=True),
        sa.Column("zh_key", sa.String(length=200), nullable=True),
        sa.Column("romanised_key", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("hometown", sa.String(length=100), nullable=True),
        sa.Column("leaders", sa.JSON(), nullable=False),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_associations")),
    )
    with op.batch_alter_table("associations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_associations_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_associations_field"), ["field"], unique=False)
        batch_op.create_index(batch_op.f("ix_associations_merged_into"), ["merged_into"], unique=False)
        batch_op.create_index(batch_op.f("ix_associations_romanised_key"), ["romanised_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_associations_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_associations_zh_key"), ["zh_key"], unique=False)

    create_deadlines_table(op)

    op.create_table(
        "exchange_activities",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("base_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_activities")),
    )
    with op.batch_alter_table("exchange_activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_activities_base_id"), ["base_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exchange_activities_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_exchange_activities_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_exchange_activities_kind"), ["kind"], unique=False)

    op.create_table(
        "exchange_bases",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("accredited_on", sa.Date(), nullable=False),
        sa.Column("review_due_on", sa.Date(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_bases")),
    )
    with op.batch_alter_table("exchange_bases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_bases_review_due_on"), ["review_due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_exchange_bases_state"), ["state"], unique=False)

    op.create_table(
        "interactions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("contact_kind", sa.String(length=20), nullable=False),
        sa.Column("contact_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("staff_cadre_id", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interactions_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_occurred_on"), ["occurred_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_staff_cadre_id"), ["staff_cadre_id"], unique=False)

    op.create_table(
        "media_coverage",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("outlet_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("subject_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_coverage")),
    )
    with op.batch_alter_table("media_coverage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_coverage_outlet_id"), ["outlet_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_coverage_published_on"), ["published_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_coverage_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "media_outlets",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("contact_name", sa.String(length=100), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_outlets")),
    )
    with op.batch_alter_table("media_outlets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_outlets_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_outlets_kind"), ["kind"], unique=False)

    op.create_table(
        "persons",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=True),
        sa.Column("family_name", sa.String(length=100), nullable=True),
        sa.Column("given_name", sa.String(length=100), nullable=True),
        sa.Column("zh_key", sa.String(length=100), nullable=True),
        sa.Column("romanised_key", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("hometown", sa.String(length=100), nullable=True),
        sa.Column("association_id", sa.String(length=64), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_association_id"), ["association_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_persons_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_persons_field"), ["field"], unique=False)
        batch_op.create_index(batch_op.f("ix_persons_merged_into"), ["merged_into"], unique=False)
        batch_op.create_index(batch_op.f("ix_persons_romanised_key"), ["romanised_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_persons_zh_key"), ["zh_key"], unique=False)

    op.create_table(
        "programmes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
    )
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programmes_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_programmes_starts_on"), ["starts_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_programmes_state"), ["state"], unique=False)

    op.create_table(
        "registrations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_in_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registrations_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registrations_state"), ["state"], unique=False)

    op.create_table(
        "work_plan_items",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("owner_cadre_id", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_plan_items")),
    )
    with op.batch_alter_table("work_plan_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_plan_items_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_plan_items_state"), ["state"], unique=False)

    op.create_table(
        "work_plans",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_plans")),
        sa.UniqueConstraint("year", name=op.f("uq_work_plans_year")),
    )
    with op.batch_alter_table("work_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_plans_state"), ["state"], unique=False)

    with op.batch_alter_table("delegation_visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("association_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("members", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("itinerary", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("hosts", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("concluded_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_delegation_visits_association_id"), ["association_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("delegation_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_visits_association_id"))
        batch_op.drop_column("concluded_on")
        batch_op.drop_column("hosts")
        batch_op.drop_column("itinerary")
        batch_op.drop_column("members")
        batch_op.drop_column("association_id")

    with op.batch_alter_table("work_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_plans_state"))

    op.drop_table("work_plans")
    with op.batch_alter_table("work_plan_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_plan_items_state"))
        batch_op.drop_index(batch_op.f("ix_work_plan_items_plan_id"))

    op.drop_table("work_plan_items")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registrations_state"))
        batch_op.drop_index(batch_op.f("ix_registrations_programme_id"))

    op.drop_table("registrations")
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programmes_state"))
        batch_op.drop_index(batch_op.f("ix_programmes_starts_on"))
        batch_op.drop_index(batch_op.f("ix_programmes_kind"))

    op.drop_table("programmes")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_zh_key"))
        batch_op.drop_index(batch_op.f("ix_persons_romanised_key"))
        batch_op.drop_index(batch_op.f("ix_persons_merged_into"))
        batch_op.drop_index(batch_op.f("ix_persons_field"))
        batch_op.drop_index(batch_op.f("ix_persons_country"))
        batch_op.drop_index(batch_op.f("ix_persons_association_id"))

    op.drop_table("persons")
    with op.batch_alter_table("media_outlets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_outlets_kind"))
        batch_op.drop_index(batch_op.f("ix_media_outlets_country"))

    op.drop_table("media_outlets")
    with op.batch_alter_table("media_coverage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_coverage_subject_id"))
        batch_op.drop_index(batch_op.f("ix_media_coverage_published_on"))
        batch_op.drop_index(batch_op.f("ix_media_coverage_outlet_id"))

    op.drop_table("media_coverage")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_staff_cadre_id"))
        batch_op.drop_index(batch_op.f("ix_interactions_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_interactions_kind"))
        batch_op.drop_index(batch_op.f("ix_interactions_contact_id"))

    op.drop_table("interactions")
    with op.batch_alter_table("exchange_bases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_bases_state"))
        batch_op.drop_index(batch_op.f("ix_exchange_bases_review_due_on"))

    op.drop_table("exchange_bases")
    with op.batch_alter_table("exchange_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_activities_kind"))
        batch_op.drop_index(batch_op.f("ix_exchange_activities_held_on"))
        batch_op.drop_index(batch_op.f("ix_exchange_activities_country"))
        batch_op.drop_index(batch_op.f("ix_exchange_activities_base_id"))

    op.drop_table("exchange_activities")
    op.drop_table("deadlines")
    with op.batch_alter_table("associations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_associations_zh_key"))
        batch_op.drop_index(batch_op.f("ix_associations_status"))
        batch_op.drop_index(batch_op.f("ix_associations_romanised_key"))
        batch_op.drop_index(batch_op.f("ix_associations_merged_into"))
        batch_op.drop_index(batch_op.f("ix_associations_field"))
        batch_op.drop_index(batch_op.f("ix_associations_country"))

    op.drop_table("associations")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_state"))
        batch_op.drop_index(batch_op.f("ix_articles_published_at"))
        batch_op.drop_index(batch_op.f("ix_articles_kind"))
        batch_op.drop_index(batch_op.f("ix_articles_author_cadre_id"))

    op.drop_table("articles")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointments_term_ends_on"))
        batch_op.drop_index(batch_op.f("ix_appointments_state"))
        batch_op.drop_index(batch_op.f("ix_appointments_role"))
        batch_op.drop_index(batch_op.f("ix_appointments_person_id"))

    op.drop_table("appointments")
