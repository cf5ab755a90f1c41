"""Affiliated bodies' reports: expect one by a due date (`affiliate_report.requested`, on the board),
receive it (`affiliate_report.received`, meets the deadline). The scheduler publishes the overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import (
    AffiliatedBody,
    AffiliateReportKind,
    AffiliateReportReceived,
    AffiliateReportRequested,
)
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from ..dates import command_date
from .deadlines import REPORT
from .rules import TRANSITIONS
from .tables import AffiliateReport


@dataclass(frozen=True)
class ExpectReport:
    body: AffiliatedBody
    kind: AffiliateReportKind
    year: int
    subject: str
    due_on: date


@dataclass(frozen=True)
class ReceiveReport:
    report_id: str
    summary: str
    received_on: date | None = None


async def expect(uow: UnitOfWork, cmd: ExpectReport) -> AffiliateReport:
    if cmd.due_on < uow.today:
        raise Invalid("due_on", "cannot be in the past")
    r = AffiliateReport(
        id=new_id(),
        body=cmd.body.value,
        kind=cmd.kind.value,
        year=cmd.year,
        subject=cmd.subject,
        due_on=cmd.due_on,
        state="expected",
        created_at=uow.now,
    )
    uow.session.add(r)
    await deadlines.set(uow, REPORT, r.id, cmd.due_on)
    uow.emit(
        r.id,
        AffiliateReportRequested(report_id=r.id, body=cmd.body, kind=cmd.kind, year=cmd.year, due_on=cmd.due_on),
    )
    return r


async def receive(uow: UnitOfWork, cmd: ReceiveReport) -> AffiliateReport:
    r: AffiliateReport = await get_or_404(
        uow.session, AffiliateReport, "affiliate report", cmd.report_id, for_update=True
    )
    r.state = TRANSITIONS.apply(r.state, "receive")
    on = command_date(uow.today, cmd.received_on, "received_on", None, "")
    r.received_on, r.summary = on, cmd.summary
    await deadlines.meet(uow, REPORT, r.id, on)
    uow.emit(
        r.id,
        AffiliateReportReceived(
            report_id=r.id,
            body=AffiliatedBody(r.body),
            kind=AffiliateReportKind(r.kind),
            received_on=on,
            on_time=on <= r.due_on,
        ),
    )
    return r
