"""The HTTP API of 創業中華 activities and startup bases."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code

from . import commands, queries
from .rules import BASE_STATES, TRANSITIONS
from .tables import StartupActivity, StartupBase

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["economic work: 創業中華"])


class HoldActivity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    kind: Code = Field(description="e.g. matchmaking, roadshow, competition, forum")
    region: Code
    held_on: Day
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
    applied_on: Day | None = None


class Accredit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accredited_on: Day | None = None
    valid_to: Day


class Decide(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[Text, StringConstraints(max_length=5000)]
    on: Day | None = None


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
        return cls(**fields, allowed_commands=TRANSITIONS.commands(b.state))


@router.post("/startup-activities", dependencies=[WRITE], status_code=201, summary="Record a 創業中華 activity")
async def hold_activity(body: HoldActivity, request: Request) -> ActivityOut:
    async with get_service(request).uow() as uow:
        a = await commands.hold_activity(uow, commands.HoldActivity(**body.model_dump()))
    return ActivityOut.of(a)


@router.get("/startup-activities", dependencies=[READ], summary="List 創業中華 activities")
async def list_activities(
    request: Request,
    kind: Code | None = None,
    region: Code | None = None,
    held_from: Day | None = None,
    held_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ActivityOut]:
    async with get_service(request).db.sessions() as s:
        return await queries.activities(
            s, page, ActivityOut.of, kind=kind, region=region, held_from=held_from, held_to=held_to
        )


@router.get("/startup-activities/{activity_id}", dependencies=[READ], summary="One activity")
async def get_activity(activity_id: str, request: Request) -> ActivityOut:
    async with get_service(request).db.sessions() as s:
        return ActivityOut.of(await get_or_404(s, StartupActivity, "startup activity", activity_id))


@router.post(
    "/startup-bases", dependencies=[WRITE], status_code=201, summary="Register a base's application for accreditation"
)
async def apply_base(body: ApplyBase, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        b = await commands.apply_for_accreditation(uow, commands.ApplyForAccreditation(**body.model_dump()))
    return BaseOut.of(b)


@router.get("/startup-bases", dependencies=[READ], summary="List bases")
async def list_bases(
    request: Request,
    state: str | None = None,
    region: Code | None = None,
    focus: Code | None = None,
    page: PageParams = Depends(page_params),
) -> Page[BaseOut]:
    if state is not None and state not in BASE_STATES:
        raise Invalid("state", f"must be one of {', '.join(BASE_STATES)}")
    async with get_service(request).db.sessions() as s:
        return await queries.bases(s, page, BaseOut.of, state=state, region=region, focus=focus)


@router.get("/startup-bases/{base_id}", dependencies=[READ], summary="One base")
async def get_base(base_id: str, request: Request) -> BaseOut:
    async with get_service(request).db.sessions() as s:
        return BaseOut.of(await get_or_404(s, StartupBase, "startup base", base_id))


@router.post("/startup-bases/{base_id}/accredit", dependencies=[WRITE], summary="Accredit a base until `valid_to`")
async def accredit_base(base_id: str, body: Accredit, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        b = await commands.accredit(uow, commands.AccreditBase(base_id=base_id, **body.model_dump()))
    return BaseOut.of(b)


@router.post("/startup-bases/{base_id}/reject", dependencies=[WRITE], summary="Reject an application, with the reason")
async def reject_base(base_id: str, body: Decide, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        b = await commands.reject(uow, commands.RejectBase(base_id=base_id, **body.model_dump()))
    return BaseOut.of(b)


@router.post(
    "/startup-bases/{base_id}/revoke", dependencies=[WRITE], summary="Revoke an accreditation, with the reason"
)
async def revoke_base(base_id: str, body: Decide, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        b = await commands.revoke(uow, commands.RevokeBase(base_id=base_id, **body.model_dump()))
    return BaseOut.of(b)
