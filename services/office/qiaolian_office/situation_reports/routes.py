"""Situation reports over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, StringConstraints

from qiaolian_chassis.auth import Principal, permit, signer_of
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import TRANSITIONS, ReportState
from .tables import SituationReport

router = APIRouter(prefix="/situation-reports", tags=["situation reports"])
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


class Instruct(BaseModel):
    model_config = ConfigDict(extra="forbid")
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
        return cls(
            id=r.id,
            office=Office(r.office),
            title=r.title,
            body=r.body,
            state=state,
            contributed_on=r.contributed_on,
            approved_by=r.approved_by,
            approved_on=r.approved_on,
            submitted_on=r.submitted_on,
            instruction=r.instruction,
            instructed_by=r.instructed_by,
            instructed_on=r.instructed_on,
            allowed_commands=TRANSITIONS.commands(state),
        )


@router.post(
    "",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Contribute a situation report (僑情專報) from an office",
)
async def contribute_report(body: Contribute, request: Request) -> ReportOut:
    async with get_service(request).uow() as uow:
        r = await commands.contribute(uow, commands.ContributeReport(**body.model_dump()))
    return ReportOut.of(r)


@router.get("", dependencies=[permit("office.read")], summary="Situation reports, most recent first")
async def list_reports(
    request: Request,
    office: Office | None = None,
    state: ReportState | None = None,
    contributed_from: Day | None = None,
    contributed_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ReportOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(
            s,
            queries.reports(
                office=office, state=state, contributed_from=contributed_from, contributed_to=contributed_to
            ),
            page,
            ReportOut.of,
        )


@router.get("/{report_id}", dependencies=[permit("office.read")], summary="A situation report")
async def get_report(report_id: str, request: Request) -> ReportOut:
    async with get_service(request).db.sessions() as s:
        return ReportOut.of(await get_or_404(s, SituationReport, "situation report", report_id))


@router.patch("/{report_id}", dependencies=[permit("office.write")], summary="Edit a draft report")
async def edit_report(report_id: str, body: Edit, request: Request) -> ReportOut:
    async with get_service(request).uow() as uow:
        r = await commands.edit(uow, commands.EditReport(report_id=report_id, **body.model_dump()))
    return ReportOut.of(r)


@router.post("/{report_id}/approve", summary="Approve a draft for submission")
async def approve_report(report_id: str, request: Request, who: Principal = permit("office.approve")) -> ReportOut:
    """Approved by the signed-in head (their cadre id, else their account); a body is ignored."""
    async with get_service(request).uow() as uow:
        r = await commands.approve(uow, commands.ApproveReport(report_id=report_id, approved_by=signer_of(who)))
    return ReportOut.of(r)


@router.post(
    "/{report_id}/return", dependencies=[permit("office.write")], summary="Return an approved report to drafting"
)
async def return_report(report_id: str, request: Request) -> ReportOut:
    async with get_service(request).uow() as uow:
        r = await commands.send_back(uow, commands.ReturnReport(report_id=report_id))
    return ReportOut.of(r)


@router.post(
    "/{report_id}/submit",
    dependencies=[permit("office.write")],
    summary="Submit an approved report upward (publishes situation_report.submitted)",
)
async def submit_report(report_id: str, request: Request) -> ReportOut:
    async with get_service(request).uow() as uow:
        r = await commands.submit(uow, commands.SubmitReport(report_id=report_id))
    return ReportOut.of(r)


@router.post(
    "/{report_id}/instruct",
    summary="Record the leader's instruction (領導批示) on a submitted report",
)
async def instruct_report(
    report_id: str, body: Instruct, request: Request, who: Principal = permit("leader.decide")
) -> ReportOut:
    async with get_service(request).uow() as uow:
        cmd = commands.InstructReport(report_id=report_id, instructed_by=signer_of(who), **body.model_dump())
        r = await commands.instruct(uow, cmd)
    return ReportOut.of(r)
