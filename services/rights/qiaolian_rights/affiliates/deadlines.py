"""The due date of a report an affiliated body owes the office (subject ids are report ids): the board
holds it from `affiliate_report.requested`; the scheduler publishes `affiliate_report.overdue` the day
after, and receiving the report meets it."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.deadlines import DeadlineKind, Which
from qiaolian_contracts.events.rights import AffiliateReportDeadline

REPORT = "affiliate_report"
OVERDUE = "qiaolian.rights.affiliate_report.overdue.v1"


def _fact(report_id: str, due_on: date, _which: Which) -> AffiliateReportDeadline:
    return AffiliateReportDeadline(report_id=report_id, due_on=due_on)


def report_kind() -> DeadlineKind:
    return DeadlineKind(REPORT, 0, None, OVERDUE, _fact)
