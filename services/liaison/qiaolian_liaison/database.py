"""What every concept of liaison shares: the SQLAlchemy Base and metadata, the chassis tables, the
projection of liaison's staff, and the deadlines the scheduler watches (key persons' and committees'
terms, the reviews of cultural exchange bases, the due dates of the work plan's items)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from qiaolian_chassis.deadlines import DeadlineKind, Deadlines
from qiaolian_chassis.staff import StaffProjection
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_contracts.catalog import type_of
from qiaolian_contracts.events.liaison import CommitteeTermExpiring, ExchangeBaseReviewDue, MemberTermExpiring

from .associations.rules import MEMBER_TERM, term_expiring
from .committees.rules import COMMITTEE_TERM
from .committees.rules import term_expiring as committee_term_expiring
from .exchange_bases.rules import BASE_REVIEW, review_due
from .settings import LiaisonSettings
from .work_plans.rules import WORK_PLAN_ITEM, item_deadline

WORK_PLAN_ITEM_DUE = "qiaolian.liaison.work_plan.item_due.v1"  # one payload, two types: named, not type_of
WORK_PLAN_ITEM_OVERDUE = "qiaolian.liaison.work_plan.item_overdue.v1"


class Base(DeclarativeBase):
    metadata = new_metadata()


metadata = Base.metadata
chassis = ChassisTables.on(metadata)
staff = StaffProjection(metadata, office="liaison")


def term_deadline_kinds(settings: LiaisonSettings) -> list[DeadlineKind]:
    """The end of each appointment with a term; subject = appointment id. A term simply ends: nothing
    is overdue about it."""
    return [DeadlineKind(MEMBER_TERM, settings.term_warn_days, type_of(MemberTermExpiring), None, term_expiring)]


def committee_deadline_kinds(settings: LiaisonSettings) -> list[DeadlineKind]:
    """The end of each committee's term (subject: the committee), warned as a key person's term is."""
    return [
        DeadlineKind(
            COMMITTEE_TERM, settings.term_warn_days, type_of(CommitteeTermExpiring), None, committee_term_expiring
        )
    ]


def base_review_deadline_kinds(settings: LiaisonSettings) -> list[DeadlineKind]:
    """The review date of each accredited cultural exchange base; subject = base id."""
    return [DeadlineKind(BASE_REVIEW, settings.base_review_warn_days, type_of(ExchangeBaseReviewDue), None, review_due)]


def work_plan_deadline_kinds(settings: LiaisonSettings) -> list[DeadlineKind]:
    """The due date of each item of an approved work plan (subject: the item): warned before, overdue after."""
    return [
        DeadlineKind(
            WORK_PLAN_ITEM,
            settings.work_plan_warn_days,
            WORK_PLAN_ITEM_DUE,
            WORK_PLAN_ITEM_OVERDUE,
            item_deadline,
        )
    ]


def deadline_kinds(settings: LiaisonSettings | None = None) -> list[DeadlineKind]:
    """Every deadline liaison's scheduler watches."""
    settings = settings or LiaisonSettings()
    return (
        term_deadline_kinds(settings)
        + committee_deadline_kinds(settings)
        + base_review_deadline_kinds(settings)
        + work_plan_deadline_kinds(settings)
    )


deadlines = Deadlines(metadata, deadline_kinds())
