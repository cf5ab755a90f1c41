"""HTTP routes of cultural exchange bases and activities (親情中華)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code, CountryCode, Id
from qiaolian_contracts.events.liaison import BaseReviewOutcome

from . import commands, queries
from .tables import ExchangeActivity, ExchangeBase

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class NewBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text200
    location: Text200 = Field(description="where in Hunan")
    accredited_on: Day
    review_due_on: Day = Field(description="date of the next periodic review")


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewed_on: Day
    outcome: BaseReviewOutcome
    next_review_on: Day | None = Field(None, description="required when renewed")


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
        return cls(
            id=b.id,
            name=b.name,
            location=b.location,
            accredited_on=b.accredited_on,
            review_due_on=b.review_due_on,
            last_reviewed_on=b.last_reviewed_on,
            state=b.state,
        )


class NewActivity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text200
    kind: Code = Field(description="e.g. performance_tour, summer_camp, exhibition")
    country: CountryCode | None = Field(None, description="where it was held, when abroad")
    held_on: Day
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
        return cls(
            id=a.id,
            title=a.title,
            kind=a.kind,
            country=a.country,
            held_on=a.held_on,
            participants=a.participants,
            base_id=a.base_id,
        )


router = APIRouter(tags=["cultural exchange (親情中華)"])


@router.post(
    "/exchange-bases",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Accredit a cultural exchange base with its review date",
)
async def post_base(body: NewBase, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        return BaseOut.of(await commands.accredit(uow, commands.Accredit(**body.model_dump())))


@router.get(
    "/exchange-bases",
    dependencies=[permit("liaison.read")],
    summary="List bases; review_due_before finds the reviews to prepare",
)
async def list_bases(
    request: Request,
    state: Literal["accredited", "revoked"] | None = None,
    review_due_before: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[BaseOut]:
    stmt = queries.bases(state=state, review_due_before=review_due_before)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, BaseOut.of)


@router.get("/exchange-bases/{base_id}", dependencies=[permit("liaison.read")], summary="One exchange base")
async def get_base(base_id: str, request: Request) -> BaseOut:
    async with get_service(request).db.sessions() as s:
        return BaseOut.of(await get_or_404(s, ExchangeBase, "exchange base", base_id))


@router.post(
    "/exchange-bases/{base_id}/review",
    dependencies=[permit("liaison.approve")],
    summary="Review a base: renew to a new date, or revoke",
)
async def post_review(base_id: str, body: Review, request: Request) -> BaseOut:
    async with get_service(request).uow() as uow:
        return BaseOut.of(await commands.review(uow, commands.ReviewBase(base_id=base_id, **body.model_dump())))


@router.post(
    "/exchange-activities",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Record a 親情中華 cultural exchange activity",
)
async def post_activity(body: NewActivity, request: Request) -> ActivityOut:
    async with get_service(request).uow() as uow:
        return ActivityOut.of(await commands.record_activity(uow, commands.RecordActivity(**body.model_dump())))


@router.get("/exchange-activities", dependencies=[permit("liaison.read")], summary="List cultural exchange activities")
async def list_activities(
    request: Request,
    kind: Code | None = None,
    country: CountryCode | None = None,
    base_id: str | None = None,
    held_from: Day | None = None,
    held_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ActivityOut]:
    stmt = queries.activities(kind=kind, country=country, base_id=base_id, held_from=held_from, held_to=held_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, ActivityOut.of)


@router.get(
    "/exchange-activities/{activity_id}",
    dependencies=[permit("liaison.read")],
    summary="One cultural exchange activity",
)
async def get_activity(activity_id: str, request: Request) -> ActivityOut:
    async with get_service(request).db.sessions() as s:
        return ActivityOut.of(await get_or_404(s, ExchangeActivity, "exchange activity", activity_id))
