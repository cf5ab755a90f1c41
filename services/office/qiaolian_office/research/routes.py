"""The yearly research plan over HTTP (課題調研): topics with their milestones and the final report.
Office's records: read with `office.read`, written with `office.write`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import TRANSITIONS, TopicState
from .tables import ResearchMilestone, ResearchTopic

router = APIRouter(prefix="/research-topics", tags=["research"])

Title = Annotated[Text, StringConstraints(max_length=300)]


class MilestoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title
    due_on: Day = Field(description="in the plan's year or the year after")


class TopicIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plan_year: int = Field(ge=2000, le=2200)
    title: Title
    office: Office = Field(description="the owner office")
    lead_id: Annotated[Text, StringConstraints(max_length=64)] = Field(description="a cadre of the staff directory")
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    report_title: Title
    report_summary: Annotated[Text, StringConstraints(max_length=4000)]


class TopicOut(BaseModel):
    id: str
    plan_year: int
    title: str
    office: Office
    lead_id: str
    state: TopicState
    report_title: str | None
    report_filed_on: date | None
    created_at: datetime
    allowed_commands: list[str]

    @classmethod
    def of(cls, t: ResearchTopic) -> TopicOut:
        state = TopicState(t.state)
        return cls(
            id=t.id,
            plan_year=t.plan_year,
            title=t.title,
            office=Office(t.office),
            lead_id=t.lead_id,
            state=state,
            report_title=t.report_title,
            report_filed_on=t.report_filed_on,
            created_at=t.created_at,
            allowed_commands=TRANSITIONS.commands(state),
        )


class MilestoneOut(BaseModel):
    id: str
    title: str
    due_on: date
    done_on: date | None
    overdue: bool

    @classmethod
    def of(cls, m: ResearchMilestone, on: date) -> MilestoneOut:
        return cls(
            id=m.id, title=m.title, due_on=m.due_on, done_on=m.done_on, overdue=m.done_on is None and m.due_on < on
        )


class TopicDetail(TopicOut):
    report_summary: str | None
    milestones: list[MilestoneOut]
    overdue_milestones: int


async def _detail(request: Request, topic_id: str) -> TopicDetail:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        t = await get_or_404(s, ResearchTopic, "research topic", topic_id)
        ms = [MilestoneOut.of(m, on) for m in await queries.milestones_of(s, t.id)]
    return TopicDetail(
        **TopicOut.of(t).model_dump(),
        report_summary=t.report_summary,
        milestones=ms,
        overdue_milestones=sum(m.overdue for m in ms),
    )


@router.get("", dependencies=[permit("office.read")], summary="Research topics, the latest plan first")
async def list_topics(
    request: Request,
    plan_year: int | None = Query(None, ge=2000, le=2200),
    office: Office | None = None,
    state: TopicState | None = None,
    overdue: bool | None = None,
    page: PageParams = Depends(page_params),
) -> Page[TopicOut]:
    svc = get_service(request)
    stmt = queries.topics(plan_year=plan_year, office=office, state=state, overdue=overdue, on=today(svc.clock))
    async with svc.db.sessions() as s:
        return await paginate(s, stmt, page, TopicOut.of)


@router.post(
    "",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Put a topic on the yearly plan with its milestones (each on the owner office's board)",
)
async def plan_topic(body: TopicIn, request: Request) -> TopicDetail:
    cmd = commands.PlanTopic(
        plan_year=body.plan_year,
        title=body.title,
        office=body.office,
        lead_id=body.lead_id,
        milestones=[commands.Milestone(m.title, m.due_on) for m in body.milestones],
    )
    async with get_service(request).uow() as uow:
        t = await commands.plan(uow, cmd)
    return await _detail(request, t.id)


@router.get("/{topic_id}", dependencies=[permit("office.read")], summary="A research topic and its milestones")
async def get_topic(topic_id: str, request: Request) -> TopicDetail:
    return await _detail(request, topic_id)


@router.post("/{topic_id}/milestones", dependencies=[permit("office.write")], summary="Add a milestone")
async def add_milestone(topic_id: str, body: MilestoneIn, request: Request) -> TopicDetail:
    async with get_service(request).uow() as uow:
        await commands.add_milestone(uow, topic_id, commands.Milestone(body.title, body.due_on))
    return await _detail(request, topic_id)


@router.post(
    "/{topic_id}/milestones/{milestone_id}/complete",
    dependencies=[permit("office.write")],
    summary="A milestone is done (it leaves the board)",
)
async def complete_milestone(topic_id: str, milestone_id: str, request: Request) -> TopicDetail:
    async with get_service(request).uow() as uow:
        await commands.complete_milestone(uow, topic_id, milestone_id)
    return await _detail(request, topic_id)


@router.post(
    "/{topic_id}/report",
    dependencies=[permit("office.write")],
    summary="File the final report (409 while a milestone is not done)",
)
async def file_report(topic_id: str, body: ReportIn, request: Request) -> TopicDetail:
    async with get_service(request).uow() as uow:
        await commands.file_report(uow, commands.FileReport(topic_id=topic_id, **body.model_dump()))
    return await _detail(request, topic_id)


@router.post("/{topic_id}/cancel", dependencies=[permit("office.write")], summary="Take a topic off the plan")
async def cancel_topic(topic_id: str, request: Request) -> TopicDetail:
    async with get_service(request).uow() as uow:
        await commands.cancel(uow, topic_id)
    return await _detail(request, topic_id)
