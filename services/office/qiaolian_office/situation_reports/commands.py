"""Contribute, edit, approve, return, submit a situation report and record the leader's instruction.
`situation_report.submitted` carries ids and dates only; titles, text and instructions stay in office's DB."""

from __future__ import annotations

from dataclasses import dataclass

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import SituationReportSubmitted
from qiaolian_contracts.ids import new_id

from .rules import TRANSITIONS, ReportState, check_edit
from .tables import SituationReport


@dataclass(frozen=True)
class ContributeReport:
    office: Office
    title: str
    body: str


@dataclass(frozen=True)
class EditReport:
    report_id: str
    title: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class ApproveReport:
    report_id: str
    approved_by: str


@dataclass(frozen=True)
class ReturnReport:
    report_id: str


@dataclass(frozen=True)
class SubmitReport:
    report_id: str


@dataclass(frozen=True)
class InstructReport:
    report_id: str
    instructed_by: str
    instruction: str


async def contribute(uow: UnitOfWork, cmd: ContributeReport) -> SituationReport:
    r = SituationReport(
        id=new_id(),
        office=cmd.office.value,
        title=cmd.title,
        body=cmd.body,
        state=ReportState.draft.value,
        contributed_on=uow.today,
        created_at=uow.now,
    )
    uow.session.add(r)
    return r


async def _load(uow: UnitOfWork, report_id: str, command: str) -> tuple[SituationReport, ReportState]:
    """The report, locked, and the state `command` leads it to (409 if not allowed now)."""
    r: SituationReport = await get_or_404(uow.session, SituationReport, "situation report", report_id, for_update=True)
    return r, TRANSITIONS.apply(ReportState(r.state), command)


async def edit(uow: UnitOfWork, cmd: EditReport) -> SituationReport:
    r, _ = await _load(uow, cmd.report_id, "edit")
    check_edit(cmd.title, cmd.body)
    r.title, r.body = cmd.title or r.title, cmd.body or r.body
    return r


async def approve(uow: UnitOfWork, cmd: ApproveReport) -> SituationReport:
    r, state = await _load(uow, cmd.report_id, "approve")
    r.state, r.approved_by, r.approved_on = state.value, cmd.approved_by, uow.today
    return r


async def send_back(uow: UnitOfWork, cmd: ReturnReport) -> SituationReport:
    """Return an approved report to drafting: its approval is withdrawn."""
    r, state = await _load(uow, cmd.report_id, "return")
    r.state, r.approved_by, r.approved_on = state.value, None, None
    return r


async def submit(uow: UnitOfWork, cmd: SubmitReport) -> SituationReport:
    r, state = await _load(uow, cmd.report_id, "submit")
    r.state, r.submitted_on = state.value, uow.today
    uow.emit(
        r.id,
        SituationReportSubmitted(
            report_id=r.id, contributed_on=r.contributed_on, approved_on=r.approved_on, submitted_on=uow.today
        ),
    )
    return r


async def instruct(uow: UnitOfWork, cmd: InstructReport) -> SituationReport:
    r, state = await _load(uow, cmd.report_id, "instruct")
    r.state, r.instruction, r.instructed_by, r.instructed_on = (
        state.value,
        cmd.instruction,
        cmd.instructed_by,
        uow.today,
    )
    return r
