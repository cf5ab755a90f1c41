"""HTTP API of retired cadres (離退休幹部): activities with attendance, benefits by policy, visits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis import clock
from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import audit_read, get_service

from ..cadres.queries import own_only
from ..records.rules import BenefitKind
from . import commands, queries
from .rules import Period, VisitState
from .tables import RetireeActivity, RetireeBenefit, RetireeVisit

router = APIRouter(prefix="/retirees", tags=["retirees"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Money = Annotated[Decimal, Field(gt=0, le=10_000_000, max_digits=12, decimal_places=2)]


class RecordActivity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text
    held_on: Day
    place: Text | None = None
    attendees: list[Id] = Field(max_length=1000, description="cadre ids of the retired cadres who took part")


class GrantBenefit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policy: Text = Field(description="the policy document granting it")
    kind: BenefitKind
    amount: Money
    period: Period
    period_from: Day
    period_to: Day | None = None


class PlanVisit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    planned_on: Day
    by_cadre_id: Id = Field(description="the serving cadre who visits")


class RecordVisit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    visited_on: Day
    notes: Notes | None = None


class ActivityOut(BaseModel):
    id: str
    title: str
    held_on: date
    place: str | None
    present: int
    attendees: list[str]


class BenefitOut(BaseModel):
    id: str
    cadre_id: str
    policy: str
    kind: BenefitKind
    amount: Decimal
    period: Period
    period_from: date
    period_to: date | None


class VisitOut(BaseModel):
    id: str
    cadre_id: str
    planned_on: date
    by_cadre_id: str
    state: VisitState
    visited_on: date | None
    notes: str | None
    overdue: bool = Field(description="still planned, past its day")


def _activity(a: RetireeActivity, attendees: list[str]) -> ActivityOut:
    return ActivityOut(
        id=a.id, title=a.title, held_on=a.held_on, place=a.place, present=len(attendees), attendees=attendees
    )


def _benefit(b: RetireeBenefit) -> BenefitOut:
    return BenefitOut(
        id=b.id,
        cadre_id=b.cadre_id,
        policy=b.policy,
        kind=BenefitKind(b.kind),
        amount=b.amount,
        period=Period(b.period),
        period_from=b.period_from,
        period_to=b.period_to,
    )


def _visit(v: RetireeVisit, today: date) -> VisitOut:
    return VisitOut(
        id=v.id,
        cadre_id=v.cadre_id,
        planned_on=v.planned_on,
        by_cadre_id=v.by_cadre_id,
        state=VisitState(v.state),
        visited_on=v.visited_on,
        notes=v.notes,
        overdue=v.state == VisitState.planned.value and v.planned_on < today,
    )


BENEFIT_FIELDS = ("policy", "kind", "amount", "period", "period_from", "period_to")


@router.post(
    "/activities",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Record a retirees' activity held, with the retired cadres who took part",
)
async def post_activity(body: RecordActivity, request: Request) -> ActivityOut:
    async with get_service(request).uow() as uow:
        a = await commands.record_activity(
            uow, commands.RecordActivity(body.title, body.held_on, tuple(body.attendees), body.place)
        )
    return _activity(a, sorted(body.attendees))


@router.get("/activities", dependencies=[permit("personnel.read")], summary="Retirees' activities, the latest first")
async def list_activities(
    request: Request,
    held_after: Day | None = None,
    held_before: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ActivityOut]:
    async with get_service(request).db.sessions() as s:
        result: Page[RetireeActivity] = await paginate(
            s, queries.activities(held_after=held_after, held_before=held_before), page, lambda a: a
        )
        present = await queries.attendees(s, [a.id for a in result.items])
    return result.with_items([_activity(a, present[a.id]) for a in result.items])


@router.post(
    "/{cadre_id}/benefits",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Grant a retired cadre a benefit under a policy, for a period (422 for a cadre not retired)",
)
async def post_benefit(cadre_id: str, body: GrantBenefit, request: Request) -> BenefitOut:
    async with get_service(request).uow() as uow:
        b = await commands.grant_benefit(uow, commands.GrantBenefit(cadre_id=cadre_id, **body.model_dump()))
    await audit_read(request, [b.id], set(BENEFIT_FIELDS))
    return _benefit(b)


@router.get(
    "/benefits",
    summary="Retirees' benefits by policy: personnel sees all, a cadre their own, others none",
)
async def list_benefits(
    request: Request,
    cadre_id: str | None = None,
    kind: BenefitKind | None = None,
    active_on: Day | None = None,
    page: PageParams = Depends(page_params),
    who: Principal = permit("staff.read"),
) -> Page[BenefitOut]:
    async with get_service(request).db.sessions() as s:
        stmt = queries.benefits(cadre_id=cadre_id, kind=kind, active_on=active_on)
        result = await paginate(s, stmt.where(*own_only(who, RetireeBenefit.cadre_id)), page, _benefit)
    if result.items:
        await audit_read(request, [b.id for b in result.items], set(BENEFIT_FIELDS))
    return result


@router.post(
    "/{cadre_id}/visits",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Plan a regular visit to a retired cadre; its day is watched on the board",
)
async def post_visit(cadre_id: str, body: PlanVisit, request: Request) -> VisitOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        v = await commands.plan_visit(uow, commands.PlanVisit(cadre_id, body.planned_on, body.by_cadre_id))
    return _visit(v, clock.today(svc.clock))


@router.post(
    "/visits/{visit_id}/record",
    dependencies=[permit("personnel.write")],
    summary="Record a planned visit made (409 unless planned)",
)
async def record_visit(visit_id: str, body: RecordVisit, request: Request) -> VisitOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        v = await commands.record_visit(uow, commands.RecordVisit(visit_id, body.visited_on, body.notes))
    return _visit(v, clock.today(svc.clock))


@router.post(
    "/visits/{visit_id}/cancel",
    dependencies=[permit("personnel.write")],
    summary="Drop a planned visit (409 unless planned)",
)
async def cancel_visit(visit_id: str, request: Request) -> VisitOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        v = await commands.cancel_visit(uow, visit_id)
    return _visit(v, clock.today(svc.clock))


@router.get(
    "/visits",
    dependencies=[permit("personnel.read")],
    summary="Visits to retired cadres, the soonest first; `overdue`: still planned past their day",
)
async def list_visits(
    request: Request,
    cadre_id: str | None = None,
    state: VisitState | None = None,
    overdue: bool = False,
    page: PageParams = Depends(page_params),
) -> Page[VisitOut]:
    svc = get_service(request)
    today = clock.today(svc.clock)
    async with svc.db.sessions() as s:
        stmt = queries.visits(cadre_id=cadre_id, state=state, overdue_on=today if overdue else None)
        return await paginate(s, stmt, page, lambda v: _visit(v, today))
