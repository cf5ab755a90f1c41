"""HTTP API of cadre records: assessments, pay changes, retiree care.

All of it is personal (ACCESS.md): recorded by personnel's staff (personnel.write) and shown to them
and to the cadre themself (any staff member reaches the reads; lists keep to their own records, a
cadre's pay changes answer 403 to others). Every read that returns some is audited.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.http import Day, Page, PageParams, YearQuery, page_params, paginate
from qiaolian_chassis.service import audit_read, get_service

from ..cadres.queries import own_only
from . import commands, queries
from .rules import BenefitKind, Grade, PayKind
from .tables import Assessment, PayChange, RetireeCare

router = APIRouter(tags=["cadre records"])
R = TypeVar("R", "AssessmentOut", "PayChangeOut", "CareOut")
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Money = Annotated[Decimal, Field(ge=0, le=10_000_000, max_digits=12, decimal_places=2)]


class Assess(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    grade: Grade


class ChangePay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: PayKind
    effective_on: Day
    amount_before: Money
    amount_after: Money
    reason: Text


class Care(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(pattern="^(visit|activity|benefit)$")
    on: Day
    title: Text
    benefit: BenefitKind | None = None
    amount: Money | None = None
    by_cadre_id: str | None = Field(None, max_length=64, description="the serving cadre who visited")


class AssessmentOut(BaseModel):
    id: str
    cadre_id: str
    year: int
    grade: Grade


class PayChangeOut(BaseModel):
    id: str
    cadre_id: str
    kind: PayKind
    effective_on: date
    amount_before: Decimal
    amount_after: Decimal
    reason: str


class CareOut(BaseModel):
    id: str
    cadre_id: str
    kind: str
    on: date
    title: str
    benefit: BenefitKind | None
    amount: Decimal | None
    by_cadre_id: str | None


def _assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(id=a.id, cadre_id=a.cadre_id, year=a.year, grade=Grade(a.grade))


def _pay_out(p: PayChange) -> PayChangeOut:
    return PayChangeOut(
        id=p.id,
        cadre_id=p.cadre_id,
        kind=PayKind(p.kind),
        effective_on=p.effective_on,
        amount_before=p.amount_before,
        amount_after=p.amount_after,
        reason=p.reason,
    )


def _care_out(c: RetireeCare) -> CareOut:
    return CareOut(
        id=c.id,
        cadre_id=c.cadre_id,
        kind=c.kind,
        on=c.on,
        title=c.title,
        benefit=BenefitKind(c.benefit) if c.benefit else None,
        amount=c.amount,
        by_cadre_id=c.by_cadre_id,
    )


@router.post(
    "/cadres/{cadre_id}/assessments",
    status_code=201,
    summary="Record a yearly assessment (年度考核)",
)
async def post_assessment(
    cadre_id: str, body: Assess, request: Request, who: Principal = permit("personnel.write")
) -> AssessmentOut:
    async with get_service(request).uow() as uow:
        a = await commands.assess(uow, commands.AssessCadre(cadre_id=cadre_id, **body.model_dump()))
    return (await _audited(request, [_assessment_out(a)]))[0]


@router.get("/assessments", summary="Assessments")
async def list_assessments(
    request: Request,
    year: YearQuery = None,
    grade: Grade | None = None,
    cadre_id: str | None = None,
    page: PageParams = Depends(page_params),
    who: Principal = permit("staff.read"),
) -> Page[AssessmentOut]:
    async with get_service(request).db.sessions() as s:
        stmt = queries.assessments(year=year, grade=grade, cadre_id=cadre_id)
        result = await paginate(s, stmt.where(*own_only(who, Assessment.cadre_id)), page, _assessment_out)
    await _audited(request, result.items)
    return result


@router.post(
    "/cadres/{cadre_id}/pay-changes",
    status_code=201,
    summary="Record a salary or social-insurance change",
)
async def post_pay_change(
    cadre_id: str, body: ChangePay, request: Request, who: Principal = permit("personnel.write")
) -> PayChangeOut:
    async with get_service(request).uow() as uow:
        p = await commands.change_pay(uow, commands.RecordPayChange(cadre_id=cadre_id, **body.model_dump()))
    return (await _audited(request, [_pay_out(p)]))[0]


@router.get(
    "/cadres/{cadre_id}/pay-changes",
    summary="A cadre's salary and social-insurance changes",
)
async def list_pay_changes(
    cadre_id: str,
    request: Request,
    kind: PayKind | None = None,
    page: PageParams = Depends(page_params),
    who: Principal = permit("staff.read"),
) -> Page[PayChangeOut]:
    async with get_service(request).db.sessions() as s:  # others see none: the changes are personal
        stmt = queries.pay_changes(cadre_id, kind=kind)
        result = await paginate(s, stmt.where(*own_only(who, PayChange.cadre_id)), page, _pay_out)
    await _audited(request, result.items)
    return result


@router.post(
    "/cadres/{cadre_id}/retiree-care",
    status_code=201,
    summary="Record a visit to, activity of, or benefit for a retired cadre",
)
async def post_care(cadre_id: str, body: Care, request: Request, who: Principal = permit("personnel.write")) -> CareOut:
    async with get_service(request).uow() as uow:
        r = await commands.record_care(uow, commands.RecordRetireeCare(cadre_id=cadre_id, **body.model_dump()))
    return (await _audited(request, [_care_out(r)]))[0]


@router.get(
    "/retiree-care",
    summary="Visits, activities and benefits of retired cadres",
)
async def list_care(
    request: Request,
    cadre_id: str | None = None,
    kind: str | None = None,
    on_or_after: Day | None = None,
    page: PageParams = Depends(page_params),
    who: Principal = permit("staff.read"),
) -> Page[CareOut]:
    async with get_service(request).db.sessions() as s:
        stmt = queries.retiree_care(cadre_id=cadre_id, kind=kind, on_or_after=on_or_after)
        result = await paginate(s, stmt.where(*own_only(who, RetireeCare.cadre_id)), page, _care_out)
    await _audited(request, result.items)
    return result


# the personal fields of each kind of record, audited when a response carries them
PERSONAL = {
    AssessmentOut: ("grade",),
    PayChangeOut: ("kind", "amount_before", "amount_after", "reason"),
    CareOut: ("title", "benefit", "amount"),
}


async def _audited(request: Request, items: list[R]) -> list[R]:
    """Audit the personal fields these records carry (those not null), then give them back."""
    fields = {f for i in items for f in PERSONAL[type(i)] if getattr(i, f) is not None}
    await audit_read(request, [i.id for i in items], fields)
    return items
