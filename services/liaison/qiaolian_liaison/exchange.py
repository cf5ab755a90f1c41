""""親情中華" cultural exchange activities, and cultural exchange bases with accreditation and a review
date: the scheduler publishes `base.review_due` before it (LIAISON_BASE_REVIEW_WARN_DAYS, default 30);
a review renews the base to a new date or revokes it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code, CountryCode, Id
from qiaolian_contracts.events.liaison import (
    BaseReviewOutcome,
    ExchangeActivityHeld,
    ExchangeBaseAccredited,
    ExchangeBaseReviewed,
)
from qiaolian_contracts.ids import new_id

from .database import Base, deadlines
from .exchange_bases.rules import BASE_REVIEW
from .queries import get_or_404

ACTIVITY_HELD = "qiaolian.liaison.exchange_activity.held.v1"
BASE_ACCREDITED = "qiaolian.liaison.base.accredited.v1"
BASE_REVIEWED = "qiaolian.liaison.base.reviewed.v1"

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ExchangeBase(Base):
    __tablename__ = "exchange_bases"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    location: Mapped[str] = mapped_column(sa.String(200))
    accredited_on: Mapped[date] = mapped_column(sa.Date)
    review_due_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    last_reviewed_on: Mapped[date | None] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # accredited, revoked
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ExchangeActivity(Base):
    __tablename__ = "exchange_activities"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(64), index=True)
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    participants: Mapped[int] = mapped_column(sa.Integer)
    base_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class NewBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text200
    location: Text200 = Field(description="where in Hunan")
    accredited_on: date
    review_due_on: date = Field(description="date of the next periodic review")


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewed_on: date
    outcome: BaseReviewOutcome
    next_review_on: date | None = Field(None, description="required when renewed")


class BaseOut(BaseModel):
    id: str
    name: str
    location: str
    accredited_on: date
    review_due_on: date | None
    last_reviewed_on: date | None
    state: str

    @classmethod
    def of(cls, b: ExchangeBase) -> BaseOut:
        return cls(id=b.id, name=b.name, location=b.location, accredited_on=b.accredited_on,
                   review_due_on=b.review_due_on, last_reviewed_on=b.last_reviewed_on, state=b.state)


class NewActivity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text200
    kind: Code = Field(description="e.g. performance_tour, summer_camp, exhibition")
    country: CountryCode | None = Field(None, description="where it was held, when abroad")
    held_on: date
    participants: int = Field(ge=0, le=1_000_000)
    base_id: Id | None = None


class ActivityOut(BaseModel):
    id: str
    title: str
    kind: str
    country: str | None
    held_on: date
    participants: int
    base_id: str | None

    @classmethod
    def of(cls, a: ExchangeActivity) -> ActivityOut:
        return cls(id=a.id, title=a.title, kind=a.kind, country=a.country, held_on=a.held_on,
                   participants=a.participants, base_id=a.base_id)


async def accredit(uow: UnitOfWork, body: NewBase) -> ExchangeBase:
    if body.review_due_on <= body.accredited_on:
        raise Invalid("review_due_on", "must be after accredited_on")
    b = ExchangeBase(id=new_id(), name=body.name, location=body.location, accredited_on=body.accredited_on,
                     review_due_on=body.review_due_on, state="accredited", created_at=uow.now)
    uow.session.add(b)
    await deadlines.set(uow, BASE_REVIEW, b.id, b.review_due_on)
    uow.emit(b.id, ExchangeBaseAccredited(base_id=b.id, name=b.name, accredited_on=b.accredited_on,
                                                           review_due_on=body.review_due_on))
    return b


async def review(uow: UnitOfWork, base_id: str, body: Review) -> ExchangeBase:
    b = await uow.session.get(ExchangeBase, base_id, with_for_update=True)
    if b is None:
        raise NotFound(f"exchange base {base_id} not found")
    if b.state != "accredited":
        raise Conflict(f"exchange base {b.id} is {b.state}", current_state=b.state, allowed_commands=[])
    if body.reviewed_on < b.accredited_on:
        raise Invalid("reviewed_on", "cannot be before accredited_on")
    if body.outcome == BaseReviewOutcome.renewed:
        if body.next_review_on is None:
            raise Invalid("next_review_on", "is required when the base is renewed")
        if body.next_review_on <= body.reviewed_on:
            raise Invalid("next_review_on", "must be after reviewed_on")
        b.review_due_on = body.next_review_on
        await deadlines.set(uow, BASE_REVIEW, b.id, body.next_review_on)  # the next review is watched
    else:
        if body.next_review_on is not None:
            raise Invalid("next_review_on", "a revoked base has no next review")
        b.state, b.review_due_on = "revoked", None
        await deadlines.meet(uow, BASE_REVIEW, b.id, body.reviewed_on)
    b.last_reviewed_on = body.reviewed_on
    uow.emit(b.id, ExchangeBaseReviewed(base_id=b.id, reviewed_on=body.reviewed_on,
                                                       outcome=body.outcome, next_review_on=body.next_review_on))
    return b


async def record_activity(uow: UnitOfWork, body: NewActivity, on: date) -> ExchangeActivity:
    if body.held_on > on:
        raise Invalid("held_on", "cannot be in the future")
    if body.base_id:
        b = await uow.session.get(ExchangeBase, body.base_id)
        if b is None:
            raise Invalid("base_id", "no such exchange base")
    a = ExchangeActivity(id=new_id(), title=body.title, kind=body.kind, country=body.country, held_on=body.held_on,
                         participants=body.participants, base_id=body.base_id, created_at=uow.now)
    uow.session.add(a)
    uow.emit(a.id, ExchangeActivityHeld(activity_id=a.id, kind=a.kind, country=a.country,
                                                       held_on=a.held_on, participants=a.participants,
                                                       base_id=a.base_id))
    return a


router = APIRouter(tags=["cultural exchange (親情中華)"])


@router.post("/exchange-bases", status_code=201, summary="Accredit a cultural exchange base with its review date")
async def post_base(body: NewBase, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        return BaseOut.of(await accredit(uow, body))


@router.get("/exchange-bases", summary="List bases; review_due_before finds the reviews to prepare")
async def list_bases(request: Request, state: Literal["accredited", "revoked"] | None = None,
                     review_due_before: date | None = None,
                     page: PageParams = Depends(page_params)) -> Page[BaseOut]:
    stmt = sa.select(ExchangeBase)
    if state:
        stmt = stmt.where(ExchangeBase.state == state)
    if review_due_before:
        stmt = stmt.where(ExchangeBase.review_due_on < review_due_before)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(ExchangeBase.review_due_on, ExchangeBase.id), page, BaseOut.of)


@router.get("/exchange-bases/{base_id}", summary="One exchange base")
async def get_base(base_id: str, request: Request) -> BaseOut:
    return BaseOut.of(await get_or_404(request, ExchangeBase, "exchange base", base_id))


@router.post("/exchange-bases/{base_id}/review", summary="Review a base: renew to a new date, or revoke")
async def post_review(base_id: str, body: Review, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        return BaseOut.of(await review(uow, base_id, body))


@router.post("/exchange-activities", status_code=201, summary="Record a 親情中華 cultural exchange activity")
async def post_activity(body: NewActivity, request: Request) -> ActivityOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        return ActivityOut.of(await record_activity(uow, body, today(svc.clock)))


@router.get("/exchange-activities", summary="List cultural exchange activities")
async def list_activities(request: Request, kind: Code | None = None, country: CountryCode | None = None,
                          base_id: str | None = None, held_from: date | None = None, held_to: date | None = None,
                          page: PageParams = Depends(page_params)) -> Page[ActivityOut]:
    stmt = sa.select(ExchangeActivity)
    if kind:
        stmt = stmt.where(ExchangeActivity.kind == kind)
    if country:
        stmt = stmt.where(ExchangeActivity.country == country)
    if base_id:
        stmt = stmt.where(ExchangeActivity.base_id == base_id)
    if held_from:
        stmt = stmt.where(ExchangeActivity.held_on >= held_from)
    if held_to:
        stmt = stmt.where(ExchangeActivity.held_on <= held_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(ExchangeActivity.held_on.desc(), ExchangeActivity.id), page,
                              ActivityOut.of)


@router.get("/exchange-activities/{activity_id}", summary="One cultural exchange activity")
async def get_activity(activity_id: str, request: Request) -> ActivityOut:
    return ActivityOut.of(await get_or_404(request, ExchangeActivity, "exchange activity", activity_id))
