"""The HTTP API of disputes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params
from qiaolian_chassis.service import audit_read, get_service
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import DisputeForum

from . import commands, queries
from .rules import STATES, TRANSITIONS
from .tables import Dispute

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["disputes"])


class OpenDispute(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: Code
    parties: list[Annotated[Text, StringConstraints(max_length=100)]] = Field(min_length=2, max_length=20)
    facts: Annotated[Text, StringConstraints(max_length=5000)]
    petition_id: Annotated[Text, StringConstraints(max_length=64)] | None = None


class Refer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    forum: DisputeForum
    forum_name: Annotated[Text, StringConstraints(max_length=200)] = Field(
        description="the mediator, mediation body or court"
    )
    referred_on: Day | None = None


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date | None = None
    note: Annotated[Text, StringConstraints(max_length=2000)] | None = None


# the personal fields of a dispute (ACCESS.md: parties and facts, rights.* and leader: rights.read)
PERSONAL = ["parties", "facts"]


class DisputeOut(BaseModel):
    id: str
    petition_id: str | None
    category: str
    parties: list[str]
    facts: str
    state: str
    forum: DisputeForum | None
    forum_name: str | None
    referred_on: date | None
    outcome_on: date | None
    outcome_note: str | None
    referrals: int
    allowed_commands: list[str]

    @classmethod
    def of(cls, d: Dispute) -> DisputeOut:
        return cls(
            id=d.id,
            petition_id=d.petition_id,
            category=d.category,
            parties=list(d.parties),
            facts=d.facts,
            state=d.state,
            forum=DisputeForum(d.forum) if d.forum else None,
            forum_name=d.forum_name,
            referred_on=d.referred_on,
            outcome_on=d.outcome_on,
            outcome_note=d.outcome_note,
            referrals=d.referrals or 0,
            allowed_commands=TRANSITIONS.commands(d.state),
        )


@router.post("/disputes", status_code=201, summary="Open a dispute for mediation (多元化解)")
async def create(body: OpenDispute, request: Request, who: Principal = WRITE) -> DisputeOut:
    async with get_service(request).uow() as uow:
        d = await commands.open_dispute(uow, commands.OpenDispute(**body.model_dump()), who)
    return DisputeOut.of(d)


@router.get("/disputes", summary="List disputes")
async def list_disputes(
    request: Request,
    who: Principal = READ,
    state: str | None = None,
    forum: DisputeForum | None = None,
    petition_id: str | None = None,
    category: Code | None = None,
    page: PageParams = Depends(page_params),
) -> Page[DisputeOut]:
    if state is not None and state not in STATES:
        raise Invalid("state", f"must be one of {', '.join(STATES)}")
    async with get_service(request).db.sessions() as s:
        if petition_id is not None and await queries.hidden_petitions(s, who, [petition_id]):
            petition_id = "\0"  # a report-and-accusation petition not theirs: as if it did not exist
        found = await queries.disputes(
            s, page, DisputeOut.of, state=state, forum=forum, petition_id=petition_id, category=category
        )
        hidden = await queries.hidden_petitions(s, who, [d.petition_id for d in found.items])
    found.items = [d.model_copy(update={"petition_id": None}) if d.petition_id in hidden else d for d in found.items]
    await audit_read(request, [d.id for d in found.items], PERSONAL if found.items else [])
    return found


@router.get("/disputes/{dispute_id}", summary="One dispute")
async def get_dispute(dispute_id: str, request: Request, who: Principal = READ) -> DisputeOut:
    async with get_service(request).db.sessions() as s:
        out = DisputeOut.of(await get_or_404(s, Dispute, "dispute", dispute_id))
        if await queries.hidden_petitions(s, who, [out.petition_id]):
            out = out.model_copy(update={"petition_id": None})
    await audit_read(request, [out.id], PERSONAL)
    return out


@router.post(
    "/disputes/{dispute_id}/refer",
    dependencies=[WRITE],
    summary="Refer to a mediator, mediation body, court or arbitration",
)
async def refer_dispute(dispute_id: str, body: Refer, request: Request) -> DisputeOut:
    async with get_service(request).uow() as uow:
        d = await commands.refer(uow, commands.ReferDispute(dispute_id=dispute_id, **body.model_dump()))
    return DisputeOut.of(d)


@router.post("/disputes/{dispute_id}/settle", dependencies=[WRITE], summary="Record the agreement (調解協議)")
async def settle(dispute_id: str, request: Request, body: Outcome | None = None) -> DisputeOut:
    cmd = commands.SettleDispute(dispute_id=dispute_id, **(body or Outcome()).model_dump())
    async with get_service(request).uow() as uow:
        return DisputeOut.of(await commands.settle(uow, cmd))


@router.post("/disputes/{dispute_id}/fail", dependencies=[WRITE], summary="Record that mediation failed")
async def fail(dispute_id: str, request: Request, body: Outcome | None = None) -> DisputeOut:
    cmd = commands.RecordMediationFailure(dispute_id=dispute_id, **(body or Outcome()).model_dump())
    async with get_service(request).uow() as uow:
        return DisputeOut.of(await commands.record_failure(uow, cmd))
