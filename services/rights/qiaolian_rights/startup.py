"""創業中華 activities and innovation and startup bases (新僑創新創業基地).

Activities (matchmaking, roadshows, competitions, forums) are recorded facts (`activity.held`). A
base applies, is accredited for a period (`base.accredited`) or rejected, and an accredited base may
be revoked (`BASE`; any other command is 409 with the current state and the allowed commands).
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
from qiaolian_contracts.events.rights import StartupActivityHeld, StartupBaseAccredited
from qiaolian_contracts.ids import new_id

from .domain import Machine, command_date
from .persistence import Base, equal_to, get_or_404

BASE = Machine("startup base", {
    "accredit": (frozenset({"applied"}), "accredited"),
    "reject": (frozenset({"applied"}), "rejected"),
    "revoke": (frozenset({"accredited"}), "revoked"),
})
BASE_STATES = ("applied", "accredited", "rejected", "revoked")


class StartupActivity(Base):
    __tablename__ = "startup_activities"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(64), index=True)
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    participants: Mapped[int] = mapped_column(sa.Integer)
    projects_matched: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StartupBase(Base):
    __tablename__ = "startup_bases"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    operator: Mapped[str] = mapped_column(sa.String(200))  # the park, incubator or enterprise running it
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    focus: Mapped[str] = mapped_column(sa.String(64), index=True)
    applied_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    decided_on: Mapped[date | None] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


router = APIRouter(tags=["economic work: 創業中華"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class HoldActivity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    kind: Code = Field(description="e.g. matchmaking, roadshow, competition, forum")
    region: Code
    held_on: date
    participants: int = Field(ge=0, le=1_000_000)
    projects_matched: int = Field(0, ge=0, le=100_000)


class ActivityOut(BaseModel):
    id: str
    title: str
    kind: str
    region: str
    held_on: date
    participants: int
    projects_matched: int

    @classmethod
    def of(cls, a: StartupActivity) -> ActivityOut:
        return cls(**{f: getattr(a, f) for f in cls.model_fields})


class ApplyBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, StringConstraints(max_length=200)]
    operator: Annotated[Text, StringConstraints(max_length=200)]
    region: Code
    focus: Code = Field(description="industry focus code")
    applied_on: date | None = None


class Accredit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accredited_on: date | None = None
    valid_to: date


class Decide(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[Text, StringConstraints(max_length=5000)]
    on: date | None = None


class BaseOut(BaseModel):
    id: str
    name: str
    operator: str
    region: str
    focus: str
    applied_on: date
    state: str = Field(description="applied, accredited, rejected or revoked")
    decided_on: date | None
    valid_to: date | None
    reason: str | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, b: StartupBase) -> BaseOut:
        fields = {f: getattr(b, f) for f in cls.model_fields if f != "allowed_commands"}
        return cls(**fields, allowed_commands=BASE.allowed(b.state))


@router.post("/startup-activities", status_code=201, summary="Record a 創業中華 activity")
async def hold_activity(body: HoldActivity, request: Request) -> ActivityOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        held_on = command_date(today(svc.clock), body.held_on, "held_on", None, "")
        a = StartupActivity(id=new_id(), **body.model_dump(exclude={"held_on"}), held_on=held_on, created_at=uow.now)
        uow.session.add(a)
        uow.emit(a.id, StartupActivityHeld(
            activity_id=a.id, kind=a.kind, region=a.region, held_on=held_on, participants=a.participants,
            projects_matched=a.projects_matched))
    return ActivityOut.of(a)


@router.get("/startup-activities", summary="List 創業中華 activities")
async def list_activities(request: Request, kind: Code | None = None, region: Code | None = None,
                          held_from: date | None = None, held_to: date | None = None,
                          page: PageParams = Depends(page_params)) -> Page[ActivityOut]:
    where = equal_to((StartupActivity.kind, kind), (StartupActivity.region, region))
    if held_from:
        where.append(StartupActivity.held_on >= held_from)
    if held_to:
        where.append(StartupActivity.held_on <= held_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(StartupActivity).where(*where)
                              .order_by(StartupActivity.held_on.desc(), StartupActivity.id), page, ActivityOut.of)


@router.get("/startup-activities/{activity_id}", summary="One activity")
async def get_activity(activity_id: str, request: Request) -> ActivityOut:
    async with get_service(request).db.sessions() as s:
        return ActivityOut.of(await get_or_404(s, StartupActivity, "startup activity", activity_id))


@router.post("/startup-bases", status_code=201, summary="Register a base's application for accreditation")
async def apply_base(body: ApplyBase, request: Request) -> BaseOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        on = command_date(today(svc.clock), body.applied_on, "applied_on", None, "")
        b = StartupBase(id=new_id(), **body.model_dump(exclude={"applied_on"}), applied_on=on, state="applied",
                        created_at=uow.now)
        uow.session.add(b)
    return BaseOut.of(b)


@router.get("/startup-bases", summary="List bases")
async def list_bases(request: Request, state: str | None = None, region: Code | None = None,
                     focus: Code | None = None, page: PageParams = Depends(page_params)) -> Page[BaseOut]:
    if state is not None and state not in BASE_STATES:
        raise Invalid("state", f"must be one of {', '.join(BASE_STATES)}")
    where = equal_to((StartupBase.state, state), (StartupBase.region, region), (StartupBase.focus, focus))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(StartupBase).where(*where)
                              .order_by(StartupBase.applied_on.desc(), StartupBase.id), page, BaseOut.of)


@router.get("/startup-bases/{base_id}", summary="One base")
async def get_base(base_id: str, request: Request) -> BaseOut:
    async with get_service(request).db.sessions() as s:
        return BaseOut.of(await get_or_404(s, StartupBase, "startup base", base_id))


@router.post("/startup-bases/{base_id}/accredit", summary="Accredit a base until `valid_to`")
async def accredit_base(base_id: str, body: Accredit, request: Request) -> BaseOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        b = await get_or_404(uow.session, StartupBase, "startup base", base_id, for_update=True)
        state = BASE.apply(b.state, "accredit")
        on = command_date(today(svc.clock), body.accredited_on, "accredited_on", b.applied_on, "the application")
        if body.valid_to <= on:
            raise Invalid("valid_to", "must be after the accreditation date")
        b.state, b.decided_on, b.valid_to = state, on, body.valid_to
        uow.emit(b.id, StartupBaseAccredited(
            base_id=b.id, region=b.region, focus=b.focus, accredited_on=on, valid_to=body.valid_to))
    return BaseOut.of(b)


async def _decide(request: Request, base_id: str, command: str, body: Decide) -> BaseOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        b = await get_or_404(uow.session, StartupBase, "startup base", base_id, for_update=True)
        state = BASE.apply(b.state, command)
        on = command_date(today(svc.clock), body.on, "on", b.decided_on or b.applied_on, "the previous decision")
        b.state, b.decided_on, b.reason = state, on, body.reason
    return BaseOut.of(b)


@router.post("/startup-bases/{base_id}/reject", summary="Reject an application, with the reason")
async def reject_base(base_id: str, body: Decide, request: Request) -> BaseOut:
    return await _decide(request, base_id, "reject", body)


@router.post("/startup-bases/{base_id}/revoke", summary="Revoke an accreditation, with the reason")
async def revoke_base(base_id: str, body: Decide, request: Request) -> BaseOut:
    return await _decide(request, base_id, "revoke", body)
