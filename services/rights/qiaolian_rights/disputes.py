"""Mediation and diversified dispute resolution (多元化解): a dispute, often arising from a petition,
is referred to a mediator, a mediation body, a court or arbitration, and ends in an agreement or in
failed mediation, after which it may be referred again (e.g. from a mediator to a court).

States and commands are the table `MACHINE`; a forbidden command is 409 with the current state and
the allowed commands. The parties' names and the facts stay here; events carry ids, codes, dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import DisputeForum, DisputeOutcome, DisputeReferred
from qiaolian_contracts.ids import new_id

from .domain import Machine, command_date
from .persistence import Base, Petition, equal_to, get_or_404

MACHINE = Machine("dispute", {
    "refer": (frozenset({"open", "mediation_failed"}), "referred"),
    "settle": (frozenset({"referred"}), "settled"),
    "record_failure": (frozenset({"referred"}), "mediation_failed"),
})
STATES = ("open", "referred", "settled", "mediation_failed")


class Dispute(Base):
    __tablename__ = "disputes"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    petition_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    category: Mapped[str] = mapped_column(sa.String(64), index=True)
    parties: Mapped[list[str]] = mapped_column(sa.JSON)
    facts: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    forum: Mapped[str | None] = mapped_column(sa.String(20))
    forum_name: Mapped[str | None] = mapped_column(sa.String(200))
    referred_on: Mapped[date | None] = mapped_column(sa.Date)
    outcome_on: Mapped[date | None] = mapped_column(sa.Date)
    outcome_note: Mapped[str | None] = mapped_column(sa.Text)
    referrals: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


def _day(clock: Clock, value: date | None, field: str, not_before: date | None, what: str) -> date:
    return command_date(today(clock), value, field, not_before, what)


async def _load(uow: UnitOfWork, dispute_id: str) -> Dispute:
    return await get_or_404(uow.session, Dispute, "dispute", dispute_id, for_update=True)


async def open_dispute(uow: UnitOfWork, *, category: str, parties: list[str], facts: str,
                       petition_id: str | None) -> Dispute:
    if petition_id is not None and await uow.session.get(Petition, petition_id) is None:
        raise Invalid("petition_id", "no such petition")
    d = Dispute(id=new_id(), petition_id=petition_id, category=category, parties=parties, facts=facts,
                state="open", referrals=0, created_at=uow.now)
    uow.session.add(d)
    return d


async def refer(uow: UnitOfWork, clock: Clock, dispute_id: str, *, forum: DisputeForum, forum_name: str,
                referred_on: date | None) -> Dispute:
    d = await _load(uow, dispute_id)
    target = MACHINE.apply(d.state, "refer")
    on = _day(clock, referred_on, "referred_on", d.outcome_on, "the failed mediation")
    d.state, d.forum, d.forum_name, d.referred_on = target, forum.value, forum_name, on
    d.outcome_on, d.outcome_note, d.referrals = None, None, (d.referrals or 0) + 1
    uow.emit(d.id, DisputeReferred(
        dispute_id=d.id, petition_id=d.petition_id, category=d.category, forum=forum, referred_on=on))
    return d


async def conclude(uow: UnitOfWork, clock: Clock, dispute_id: str, command: str, *, on: date | None,
                   note: str | None) -> Dispute:
    """`settle` (an agreement) or `record_failure` (mediation failed)."""
    d = await _load(uow, dispute_id)
    target = MACHINE.apply(d.state, command)
    day = _day(clock, on, "on", d.referred_on, "the referral")
    d.state, d.outcome_on, d.outcome_note = target, day, note
    fact = "settled" if command == "settle" else "mediation_failed"
    uow.emit(d.id, DisputeOutcome(
        dispute_id=d.id, petition_id=d.petition_id, forum=DisputeForum(d.forum or "mediator"), on=day), event_type=f"qiaolian.rights.dispute.{fact}.v1")
    return d


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["disputes"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


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
        description="the mediator, mediation body or court")
    referred_on: date | None = None


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date | None = None
    note: Annotated[Text, StringConstraints(max_length=2000)] | None = None


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
        return cls(id=d.id, petition_id=d.petition_id, category=d.category, parties=list(d.parties), facts=d.facts,
                   state=d.state, forum=DisputeForum(d.forum) if d.forum else None, forum_name=d.forum_name,
                   referred_on=d.referred_on, outcome_on=d.outcome_on, outcome_note=d.outcome_note,
                   referrals=d.referrals or 0, allowed_commands=MACHINE.allowed(d.state))


@router.post("/disputes", status_code=201, summary="Open a dispute for mediation (多元化解)")
async def create(body: OpenDispute, request: Request) -> DisputeOut:
    async with get_service(request).uow() as uow:
        d = await open_dispute(uow, category=body.category, parties=body.parties, facts=body.facts,
                               petition_id=body.petition_id)
    return DisputeOut.of(d)


@router.get("/disputes", summary="List disputes")
async def list_disputes(request: Request, state: str | None = None, forum: DisputeForum | None = None,
                        petition_id: str | None = None, category: Code | None = None,
                        page: PageParams = Depends(page_params)) -> Page[DisputeOut]:
    if state is not None and state not in STATES:
        raise Invalid("state", f"must be one of {', '.join(STATES)}")
    where = equal_to((Dispute.state, state), (Dispute.forum, forum), (Dispute.petition_id, petition_id),
                     (Dispute.category, category))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Dispute).where(*where).order_by(Dispute.created_at.desc(),
                                                                           Dispute.id.desc()), page, DisputeOut.of)


@router.get("/disputes/{dispute_id}", summary="One dispute")
async def get_dispute(dispute_id: str, request: Request) -> DisputeOut:
    async with get_service(request).db.sessions() as s:
        return DisputeOut.of(await get_or_404(s, Dispute, "dispute", dispute_id))


@router.post("/disputes/{dispute_id}/refer", summary="Refer to a mediator, mediation body, court or arbitration")
async def refer_dispute(dispute_id: str, body: Refer, request: Request) -> DisputeOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        d = await refer(uow, svc.clock, dispute_id, forum=body.forum, forum_name=body.forum_name,
                        referred_on=body.referred_on)
    return DisputeOut.of(d)


@router.post("/disputes/{dispute_id}/settle", summary="Record the agreement (調解協議)")
async def settle(dispute_id: str, request: Request, body: Outcome | None = None) -> DisputeOut:
    return await _conclude(request, dispute_id, "settle", body or Outcome())


@router.post("/disputes/{dispute_id}/fail", summary="Record that mediation failed")
async def fail(dispute_id: str, request: Request, body: Outcome | None = None) -> DisputeOut:
    return await _conclude(request, dispute_id, "record_failure", body or Outcome())


async def _conclude(request: Request, dispute_id: str, command: str, body: Outcome) -> DisputeOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        d = await conclude(uow, svc.clock, dispute_id, command, on=body.on, note=body.note)
    return DisputeOut.of(d)
