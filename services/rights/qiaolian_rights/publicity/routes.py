"""The HTTP API of legal publicity sessions and implementation issues."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code

from . import commands, queries
from .rules import ISSUE_STATES, TRANSITIONS
from .tables import EnforcementIssue, OutreachSession

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["publicity and enforcement"])


class HoldSession(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    region: Code
    venue: Annotated[Text, StringConstraints(max_length=200)] | None = None
    held_on: Day
    audience: int = Field(ge=0, le=1_000_000)


class SessionOut(BaseModel):
    id: str
    title: str
    region: str
    venue: str | None
    held_on: date
    audience: int

    @classmethod
    def of(cls, o: OutreachSession) -> SessionOut:
        return cls(id=o.id, title=o.title, region=o.region, venue=o.venue, held_on=o.held_on, audience=o.audience)


class RecordIssue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: Code
    law_area: Code
    responsible_body: Annotated[Text, StringConstraints(max_length=200)]
    description: Annotated[Text, StringConstraints(max_length=5000)]
    found_on: Day


class Rectify(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rectification: Annotated[Text, StringConstraints(max_length=5000)]
    rectified_on: Day | None = None


class IssueOut(BaseModel):
    id: str
    region: str
    law_area: str
    responsible_body: str
    description: str
    found_on: date
    state: str
    rectified_on: date | None
    rectification: str | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, i: EnforcementIssue) -> IssueOut:
        fields = {f: getattr(i, f) for f in cls.model_fields if f != "allowed_commands"}
        return cls(**fields, allowed_commands=TRANSITIONS.commands(i.state))


@router.post("/outreach-sessions", dependencies=[WRITE], status_code=201, summary="Record a legal publicity session")
async def hold_session(body: HoldSession, request: Request) -> SessionOut:
    async with get_service(request).uow() as uow:
        o = await commands.hold_session(uow, commands.HoldSession(**body.model_dump()))
    return SessionOut.of(o)


@router.get("/outreach-sessions", dependencies=[READ], summary="List publicity sessions")
async def list_sessions(
    request: Request,
    region: Code | None = None,
    held_from: Day | None = None,
    held_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[SessionOut]:
    async with get_service(request).db.sessions() as s:
        return await queries.sessions(s, page, SessionOut.of, region=region, held_from=held_from, held_to=held_to)


@router.post(
    "/enforcement-issues", dependencies=[WRITE], status_code=201, summary="Record an implementation issue (執法檢查)"
)
async def record_issue(body: RecordIssue, request: Request) -> IssueOut:
    async with get_service(request).uow() as uow:
        i = await commands.record_issue(uow, commands.RecordIssue(**body.model_dump()))
    return IssueOut.of(i)


@router.get("/enforcement-issues", dependencies=[READ], summary="List implementation issues")
async def list_issues(
    request: Request,
    state: str | None = None,
    region: Code | None = None,
    law_area: Code | None = None,
    page: PageParams = Depends(page_params),
) -> Page[IssueOut]:
    if state is not None and state not in ISSUE_STATES:
        raise Invalid("state", "must be open or rectified")
    async with get_service(request).db.sessions() as s:
        return await queries.issues(s, page, IssueOut.of, state=state, region=region, law_area=law_area)


@router.post("/enforcement-issues/{issue_id}/rectify", dependencies=[WRITE], summary="Record the rectification")
async def rectify(issue_id: str, body: Rectify, request: Request) -> IssueOut:
    async with get_service(request).uow() as uow:
        i = await commands.rectify(uow, commands.RectifyIssue(issue_id=issue_id, **body.model_dump()))
    return IssueOut.of(i)
