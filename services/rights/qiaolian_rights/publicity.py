"""Legal publicity (普法宣傳) and supervision of the implementation of overseas-Chinese law (執法檢查).

Publicity sessions are recorded facts. Implementation issues are `open` until rectified (`MACHINE`:
`rectify` once; otherwise 409 with the current state and the allowed commands).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import EnforcementIssueRecorded, EnforcementIssueRectified, OutreachHeld
from qiaolian_contracts.ids import new_id

from .domain import Machine, command_date
from .persistence import Base, equal_to, get_or_404

MACHINE = Machine("enforcement issue", {"rectify": (frozenset({"open"}), "rectified")})


class OutreachSession(Base):
    __tablename__ = "outreach_sessions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    venue: Mapped[str | None] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    audience: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EnforcementIssue(Base):
    __tablename__ = "enforcement_issues"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    law_area: Mapped[str] = mapped_column(sa.String(64), index=True)
    responsible_body: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text)
    found_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    rectified_on: Mapped[date | None] = mapped_column(sa.Date)
    rectification: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


router = APIRouter(tags=["publicity and enforcement"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class HoldSession(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    region: Code
    venue: Annotated[Text, StringConstraints(max_length=200)] | None = None
    held_on: date
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
    found_on: date


class Rectify(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rectification: Annotated[Text, StringConstraints(max_length=5000)]
    rectified_on: date | None = None


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
        return cls(**fields, allowed_commands=MACHINE.allowed(i.state))


@router.post("/outreach-sessions", status_code=201, summary="Record a legal publicity session")
async def hold_session(body: HoldSession, request: Request) -> SessionOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        held_on = command_date(today(svc.clock), body.held_on, "held_on", None, "")
        o = OutreachSession(id=new_id(), title=body.title, region=body.region, venue=body.venue, held_on=held_on,
                            audience=body.audience, created_at=uow.now)
        uow.session.add(o)
        uow.emit(o.id, OutreachHeld(
            session_id=o.id, region=o.region, held_on=held_on, audience=o.audience))
    return SessionOut.of(o)


@router.get("/outreach-sessions", summary="List publicity sessions")
async def list_sessions(request: Request, region: Code | None = None, held_from: date | None = None,
                        held_to: date | None = None, page: PageParams = Depends(page_params)) -> Page[SessionOut]:
    where = [c for c in (OutreachSession.region == region if region else None,
                         OutreachSession.held_on >= held_from if held_from else None,
                         OutreachSession.held_on <= held_to if held_to else None) if c is not None]
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(OutreachSession).where(*where)
                              .order_by(OutreachSession.held_on.desc(), OutreachSession.id), page, SessionOut.of)


@router.post("/enforcement-issues", status_code=201, summary="Record an implementation issue (執法檢查)")
async def record_issue(body: RecordIssue, request: Request) -> IssueOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        found_on = command_date(today(svc.clock), body.found_on, "found_on", None, "")
        i = EnforcementIssue(id=new_id(), region=body.region, law_area=body.law_area,
                             responsible_body=body.responsible_body, description=body.description,
                             found_on=found_on, state="open", created_at=uow.now)
        uow.session.add(i)
        uow.emit(i.id, EnforcementIssueRecorded(
            issue_id=i.id, region=i.region, law_area=i.law_area, found_on=found_on))
    return IssueOut.of(i)


@router.get("/enforcement-issues", summary="List implementation issues")
async def list_issues(request: Request, state: str | None = None, region: Code | None = None,
                      law_area: Code | None = None, page: PageParams = Depends(page_params)) -> Page[IssueOut]:
    if state is not None and state not in ("open", "rectified"):
        raise Invalid("state", "must be open or rectified")
    where = equal_to((EnforcementIssue.state, state), (EnforcementIssue.region, region),
                     (EnforcementIssue.law_area, law_area))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(EnforcementIssue).where(*where)
                              .order_by(EnforcementIssue.found_on.desc(), EnforcementIssue.id), page, IssueOut.of)


@router.post("/enforcement-issues/{issue_id}/rectify", summary="Record the rectification")
async def rectify(issue_id: str, body: Rectify, request: Request) -> IssueOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        i = await get_or_404(uow.session, EnforcementIssue, "enforcement issue", issue_id, for_update=True)
        state = MACHINE.apply(i.state, "rectify")
        on = command_date(today(svc.clock), body.rectified_on, "rectified_on", i.found_on, "the issue was found")
        i.state, i.rectified_on, i.rectification = state, on, body.rectification
        uow.emit(i.id, EnforcementIssueRectified(issue_id=i.id, rectified_on=on))
    return IssueOut.of(i)
