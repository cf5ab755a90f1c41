"""The other offices' watched dates besides petitions, elections and congresses, on the board:

- rights: a counsel's or committee member's term, open from `counsel.term_expiring` until renewed
  (`counsel.appointed` again) or ended (`counsel.term_ended`); a startup base's accreditation, open from
  `base.accreditation_expiring`, flagged at `base.accreditation_lapsed`, closed when the base is revoked;
  an affiliated body's report, open from `affiliate_report.requested` until it is received;
- liaison: a key person's role ending, open from `member.term_expiring` until the same appointment is
  announced again with a later term or ended (`member.appointment_ended`); an exchange base's review, open
  from `base.review_due` until reviewed; an approved work plan's item, open from `work_plan.item_due`,
  flagged at `work_plan.item_overdue`, closed when completed or dropped;
- personnel: a seated representative's term end, open from `representative.seated` at `term_ends_on`
  until the term ends (`representative.term_ended`: served, re-elected or replaced early).

An overdue fact (a lapse, a report not received) keeps the item open or brings it back at its due date:
the board flags it overdue. Titles (`titles.TITLES`) name ids only (the board is read by all staff)."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.consumer import handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.liaison import (
    ExchangeBaseReviewDue,
    ExchangeBaseReviewed,
    MemberAppointed,
    MemberAppointmentEnded,
    MemberTermExpiring,
    WorkPlanItemCompleted,
    WorkPlanItemDeadline,
    WorkPlanItemDropped,
)
from qiaolian_contracts.events.personnel import RepresentativeSeated, RepresentativeTermEnded
from qiaolian_contracts.events.rights import (
    AffiliateReportDeadline,
    AffiliateReportReceived,
    AffiliateReportRequested,
    CounselAppointed,
    CounselTermEnded,
    CounselTermExpiring,
    StartupBaseRevoked,
    StartupBaseValidity,
)

from .commands import BoardItem, close_item, move_item

BASE_EXPIRING = "qiaolian.rights.base.accreditation_expiring.v1"
BASE_LAPSED = "qiaolian.rights.base.accreditation_lapsed.v1"
WORK_PLAN_ITEM_DUE = "qiaolian.liaison.work_plan.item_due.v1"
WORK_PLAN_ITEM_OVERDUE = "qiaolian.liaison.work_plan.item_overdue.v1"

# ---- rights ------------------------------------------------------------------------------------


async def on_counsel_term_expiring(uow: UnitOfWork, event: Envelope[CounselTermExpiring]) -> None:
    d = event.data
    await move_item(
        uow,
        BoardItem.of(BoardItemKind.counsel_term, Office.rights, d.counsel_id, d.term_to),
    )


async def on_counsel_appointed(uow: UnitOfWork, event: Envelope[CounselAppointed]) -> None:
    """A renewal announces the appointment again with its new end: the warning of the old end is met."""
    await close_item(uow, BoardItemKind.counsel_term, event.data.counsel_id)


async def on_counsel_term_ended(uow: UnitOfWork, event: Envelope[CounselTermEnded]) -> None:
    await close_item(uow, BoardItemKind.counsel_term, event.data.counsel_id)


def _base(d: StartupBaseValidity) -> BoardItem:
    return BoardItem.of(BoardItemKind.startup_base, Office.rights, d.base_id, d.valid_to)


async def on_base_expiring(uow: UnitOfWork, event: Envelope[StartupBaseValidity]) -> None:
    await move_item(uow, _base(event.data))


async def on_base_lapsed(uow: UnitOfWork, event: Envelope[StartupBaseValidity]) -> None:
    await move_item(uow, _base(event.data))


async def on_base_revoked(uow: UnitOfWork, event: Envelope[StartupBaseRevoked]) -> None:
    await close_item(uow, BoardItemKind.startup_base, event.data.base_id)


def _report(report_id: str, due_on: date) -> BoardItem:
    return BoardItem.of(BoardItemKind.affiliate_report, Office.rights, report_id, due_on)


async def on_affiliate_report_requested(uow: UnitOfWork, event: Envelope[AffiliateReportRequested]) -> None:
    await move_item(uow, _report(event.data.report_id, event.data.due_on))


async def on_affiliate_report_overdue(uow: UnitOfWork, event: Envelope[AffiliateReportDeadline]) -> None:
    await move_item(uow, _report(event.data.report_id, event.data.due_on))


async def on_affiliate_report_received(uow: UnitOfWork, event: Envelope[AffiliateReportReceived]) -> None:
    await close_item(uow, BoardItemKind.affiliate_report, event.data.report_id)


RIGHTS_HANDLERS = handles(
    on_counsel_term_expiring,
    on_counsel_appointed,
    on_counsel_term_ended,
    on_base_revoked,
    on_affiliate_report_requested,
    on_affiliate_report_overdue,
    on_affiliate_report_received,
    by_type={BASE_EXPIRING: on_base_expiring, BASE_LAPSED: on_base_lapsed},
)

# ---- liaison -----------------------------------------------------------------------------------


async def on_member_term_expiring(uow: UnitOfWork, event: Envelope[MemberTermExpiring]) -> None:
    d = event.data
    await move_item(uow, BoardItem.of(BoardItemKind.member_term, Office.liaison, d.appointment_id, d.term_ends_on))


async def on_member_appointed(uow: UnitOfWork, event: Envelope[MemberAppointed]) -> None:
    """The same appointment announced again (a renewed term) meets the warning of its old end."""
    await close_item(uow, BoardItemKind.member_term, event.data.appointment_id)


async def on_member_appointment_ended(uow: UnitOfWork, event: Envelope[MemberAppointmentEnded]) -> None:
    await close_item(uow, BoardItemKind.member_term, event.data.appointment_id)


def _plan_item(d: WorkPlanItemDeadline) -> BoardItem:
    return BoardItem.of(BoardItemKind.work_plan_item, Office.liaison, d.item_id, d.due_on)


async def on_work_plan_item_due(uow: UnitOfWork, event: Envelope[WorkPlanItemDeadline]) -> None:
    await move_item(uow, _plan_item(event.data))


async def on_work_plan_item_overdue(uow: UnitOfWork, event: Envelope[WorkPlanItemDeadline]) -> None:
    await move_item(uow, _plan_item(event.data))


async def on_work_plan_item_completed(uow: UnitOfWork, event: Envelope[WorkPlanItemCompleted]) -> None:
    await close_item(uow, BoardItemKind.work_plan_item, event.data.item_id)


async def on_work_plan_item_dropped(uow: UnitOfWork, event: Envelope[WorkPlanItemDropped]) -> None:
    await close_item(uow, BoardItemKind.work_plan_item, event.data.item_id)


async def on_exchange_base_review_due(uow: UnitOfWork, event: Envelope[ExchangeBaseReviewDue]) -> None:
    d = event.data
    await move_item(uow, BoardItem.of(BoardItemKind.exchange_base_review, Office.liaison, d.base_id, d.review_due_on))


async def on_exchange_base_reviewed(uow: UnitOfWork, event: Envelope[ExchangeBaseReviewed]) -> None:
    await close_item(uow, BoardItemKind.exchange_base_review, event.data.base_id)


LIAISON_HANDLERS = handles(
    on_member_term_expiring,
    on_member_appointed,
    on_member_appointment_ended,
    on_exchange_base_review_due,
    on_exchange_base_reviewed,
    on_work_plan_item_completed,
    on_work_plan_item_dropped,
    by_type={WORK_PLAN_ITEM_DUE: on_work_plan_item_due, WORK_PLAN_ITEM_OVERDUE: on_work_plan_item_overdue},
)

# ---- personnel ---------------------------------------------------------------------------------


async def on_representative_seated(uow: UnitOfWork, event: Envelope[RepresentativeSeated]) -> None:
    d = event.data
    await move_item(
        uow, BoardItem.of(BoardItemKind.representative_term, Office.personnel, d.representative_id, d.term_ends_on)
    )


async def on_representative_term_ended(uow: UnitOfWork, event: Envelope[RepresentativeTermEnded]) -> None:
    await close_item(uow, BoardItemKind.representative_term, event.data.representative_id)


PERSONNEL_HANDLERS = handles(on_representative_seated, on_representative_term_ended)
