"""The HTTP API of the affiliated bodies' reports (湖南省僑商會, 湖南省華僑公益基金會)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.rights import AffiliatedBody, AffiliateReportKind

from . import commands, queries
from .rules import REPORT_STATES, TRANSITIONS
from .tables import AffiliateReport

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["economic work: affiliated bodies"])


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: AffiliatedBody = Field(
        description="chamber_of_commerce (湖南省僑商會) or charity_foundation (湖南省華僑公益基金會)"
    )
    kind: AffiliateReportKind = Field(description="annual_report (年度工作報告) or major_matter (重大事項報告)")
    year: int = Field(ge=2000, le=2100)
    subject: Annotated[Text, StringConstraints(max_length=200)]
    due_on: Day


class Receive(BaseModel):
    model_config = ConfigDict(extra="forbid")
    summary: Annotated[Text, StringConstraints(max_length=5000)]
    received_on: Day | None = None


class ReportOut(BaseModel):
    id: str
    body: AffiliatedBody
    kind: AffiliateReportKind
    year: int
    subject: str
    due_on: date
    state: str = Field(description="expected or received")
    received_on: date | None
    summary: str | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, r: AffiliateReport) -> ReportOut:
        fields = {f: getattr(r, f) for f in cls.model_fields if f != "allowed_commands"}
        return cls(**fields, allowed_commands=TRANSITIONS.commands(r.state))


@router.post(
    "/affiliate-reports",
    dependencies=[WRITE],
    status_code=201,
    summary="Expect an annual or major-matter report from an affiliated body by a due date",
)
async def expect_report(body: Expect, request: Request) -> ReportOut:
    async with get_service(request).uow() as uow:
        r = await commands.expect(uow, commands.ExpectReport(**body.model_dump()))
    return ReportOut.of(r)


@router.get(
    "/affiliate-reports",
    dependencies=[READ],
    summary="The affiliated bodies' reports by due date; `overdue_on` lists those still expected past due",
)
async def list_reports(
    request: Request,
    body: AffiliatedBody | None = None,
    kind: AffiliateReportKind | None = None,
    year: int | None = Query(None, ge=2000, le=2100),
    state: str | None = None,
    overdue_on: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ReportOut]:
    if state is not None and state not in REPORT_STATES:
        raise Invalid("state", f"must be one of {', '.join(REPORT_STATES)}")
    async with get_service(request).db.sessions() as s:
        return await queries.reports(
            s, page, ReportOut.of, body=body, kind=kind, year=year, state=state, overdue_on=overdue_on
        )


@router.get("/affiliate-reports/{report_id}", dependencies=[READ], summary="One report")
async def get_report(report_id: str, request: Request) -> ReportOut:
    async with get_service(request).db.sessions() as s:
        return ReportOut.of(await get_or_404(s, AffiliateReport, "affiliate report", report_id))


@router.post("/affiliate-reports/{report_id}/receive", dependencies=[WRITE], summary="Receive an expected report")
async def receive_report(report_id: str, body: Receive, request: Request) -> ReportOut:
    async with get_service(request).uow() as uow:
        r = await commands.receive(uow, commands.ReceiveReport(report_id=report_id, **body.model_dump()))
    return ReportOut.of(r)
