"""Situation reports (僑情專報): an office contributes a report, edits it, the office approves it, it is
submitted upward, and the leader's instruction (領導批示) is recorded after submission.

States: `draft` → (approve) `approved` → (submit) `submitted` → (instruct) `instructed`; `edit` only in
draft, `return` sends an approved report back to drafting (409 otherwise).
`situation_report.submitted` carries ids and dates only; titles, text and instructions stay in office's DB.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.statemachine import Transitions
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import SituationReportSubmitted
from qiaolian_contracts.ids import new_id

from .database import Base

SUBMITTED = "qiaolian.office.situation_report.submitted.v1"


class ReportState(StrEnum):
    draft = "draft"
    approved = "approved"
    submitted = "submitted"
    instructed = "instructed"


MACHINE = Transitions("situation report", {
    "edit": frozenset({ReportState.draft}),
    "approve": frozenset({ReportState.draft}),
    "return": frozenset({ReportState.approved}),
    "submit": frozenset({ReportState.approved}),
    "instruct": frozenset({ReportState.submitted}),
})


class SituationReport(Base):
    __tablename__ = "situation_reports"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    contributed_on: Mapped[date] = mapped_column(sa.Date, index=True)
    approved_by: Mapped[str | None] = mapped_column(sa.String(100))
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    submitted_on: Mapped[date | None] = mapped_column(sa.Date)
    instruction: Mapped[str | None] = mapped_column(sa.Text)
    instructed_by: Mapped[str | None] = mapped_column(sa.String(100))
    instructed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# ---- commands ----------------------------------------------------------------------------------

async def contribute(uow: UnitOfWork, *, office: Office, title: str, body: str, on: date) -> SituationReport:
    r = SituationReport(id=new_id(), office=office.value, title=title, body=body, state=ReportState.draft.value,
                        contributed_on=on, created_at=uow.now)
    uow.session.add(r)
    return r


async def act(uow: UnitOfWork, report_id: str, command: str, on: date, *, title: str | None = None,
              body: str | None = None, by: str | None = None, instruction: str | None = None) -> SituationReport:
    """Apply `command` (edit, approve, return, submit, instruct) to a report."""
    r = await get_or_404(uow.session, SituationReport, "situation report", report_id, for_update=True)
    MACHINE.require(ReportState(r.state), command)
    if command == "edit":
        if title is None and body is None:
            raise Invalid("title", "give a new title or body")
        r.title, r.body = title or r.title, body or r.body
    elif command == "approve":
        r.state, r.approved_by, r.approved_on = ReportState.approved.value, by, on
    elif command == "return":
        r.state, r.approved_by, r.approved_on = ReportState.draft.value, None, None
    elif command == "submit":
        r.state, r.submitted_on = ReportState.submitted.value, on
        uow.emit(r.id, SituationReportSubmitted(report_id=r.id, contributed_on=r.contributed_on,
                                                           approved_on=r.approved_on, submitted_on=on))
    elif command == "instruct":
        r.state, r.instruction, r.instructed_by, r.instructed_on = (ReportState.instructed.value, instruction,
                                                                    by, on)
    return r


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(prefix="/situation-reports", tags=["situation reports"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Title = Annotated[Text, StringConstraints(max_length=300)]
Body = Annotated[Text, StringConstraints(max_length=20000)]
Name = Annotated[Text, StringConstraints(max_length=100)]


class Contribute(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Office
    title: Title
    body: Body


class Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title | None = None
    body: Body | None = None


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved_by: Name


class Instruct(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instructed_by: Name
    instruction: Annotated[Text, StringConstraints(max_length=5000)]


class ReportOut(BaseModel):
    id: str
    office: Office
    title: str
    body: str
    state: ReportState
    contributed_on: date
    approved_by: str | None
    approved_on: date | None
    submitted_on: date | None
    instruction: str | None
    instructed_by: str | None
    instructed_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, r: SituationReport) -> ReportOut:
        state = ReportState(r.state)
        return cls(id=r.id, office=Office(r.office), title=r.title, body=r.body, state=state,
                   contributed_on=r.contributed_on, approved_by=r.approved_by, approved_on=r.approved_on,
                   submitted_on=r.submitted_on, instruction=r.instruction, instructed_by=r.instructed_by,
                   instructed_on=r.instructed_on, allowed_commands=MACHINE.commands(state))


@router.post("", status_code=201, summary="Contribute a situation report (僑情專報) from an office")
async def contribute_report(body: Contribute, request: Request) -> ReportOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        r = await contribute(uow, office=body.office, title=body.title, body=body.body, on=today(svc.clock))
    return ReportOut.of(r)


@router.get("", summary="Situation reports, most recent first")
async def list_reports(request: Request, office: Office | None = None, state: ReportState | None = None,
                       contributed_from: date | None = None, contributed_to: date | None = None,
                       page: PageParams = Depends(page_params)) -> Page[ReportOut]:
    r = SituationReport
    where = [getattr(r, k) == v.value for k, v in (("office", office), ("state", state)) if v]
    if contributed_from:
        where.append(r.contributed_on >= contributed_from)
    if contributed_to:
        where.append(r.contributed_on <= contributed_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(r).where(*where).order_by(r.contributed_on.desc(), r.created_at.desc(),
                                                                     r.id), page, ReportOut.of)


@router.get("/{report_id}", summary="A situation report")
async def get_report(report_id: str, request: Request) -> ReportOut:
    async with get_service(request).db.sessions() as s:
        return ReportOut.of(await get_or_404(s, SituationReport, "situation report", report_id))


async def _act(request: Request, report_id: str, command: str, **kw: str | None) -> ReportOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        r = await act(uow, report_id, command, today(svc.clock), **kw)
    return ReportOut.of(r)


@router.patch("/{report_id}", summary="Edit a draft report")
async def edit_report(report_id: str, body: Edit, request: Request) -> ReportOut:
    return await _act(request, report_id, "edit", title=body.title, body=body.body)


@router.post("/{report_id}/approve", summary="Approve a draft for submission")
async def approve_report(report_id: str, body: Approve, request: Request) -> ReportOut:
    return await _act(request, report_id, "approve", by=body.approved_by)


@router.post("/{report_id}/return", summary="Return an approved report to drafting")
async def return_report(report_id: str, request: Request) -> ReportOut:
    return await _act(request, report_id, "return")


@router.post("/{report_id}/submit", summary="Submit an approved report upward (publishes situation_report.submitted)")
async def submit_report(report_id: str, request: Request) -> ReportOut:
    return await _act(request, report_id, "submit")


@router.post("/{report_id}/instruct", summary="Record the leader's instruction (領導批示) on a submitted report")
async def instruct_report(report_id: str, body: Instruct, request: Request) -> ReportOut:
    return await _act(request, report_id, "instruct", by=body.instructed_by, instruction=body.instruction)
