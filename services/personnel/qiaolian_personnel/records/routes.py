"""HTTP API of cadre records: assessments, pay changes, retiree care."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service

from . import commands, queries
from .rules import BenefitKind, Grade, PayKind
from .tables import Assessment, PayChange, RetireeCare

router = APIRouter(tags=["cadre records"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Money = Annotated[Decimal, Field(ge=0, le=10_000_000, max_digits=12, decimal_places=2)]


class Assess(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    grade: Grade


class ChangePay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: PayKind
    effective_on: date
    amount_before: Money
    amount_after: Money
    reason: Text


class Care(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(pattern="^(visit|activity|benefit)$")
    on: date
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
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Record a yearly assessment (年度考核)",
)
async def post_assessment(cadre_id: str, body: Assess, request: Request) -> AssessmentOut:
    async with get_service(request).uow() as uow:
        a = await commands.assess(uow, commands.AssessCadre(cadre_id=cadre_id, **body.model_dump()))
    return _assessment_out(a)


@router.get("/assessments", dependencies=[permit("personnel.read")], summary="Assessments")
async def list_assessments(
    request: Request,
    year: int | None = None,
    grade: Grade | None = None,
    cadre_id: str | None = None,
    page: PageParams = Depends(page_params),
) -> Page[AssessmentOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.assessments(year=year, grade=grade, cadre_id=cadre_id), page, _assessment_out)


@router.post(
    "/cadres/{cadre_id}/pay-changes",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Record a salary or social-insurance change",
)
async def post_pay_change(cadre_id: str, body: ChangePay, request: Request) -> PayChangeOut:
    async with get_service(request).uow() as uow:
        p = await commands.change_pay(uow, commands.RecordPayChange(cadre_id=cadre_id, **body.model_dump()))
    return _pay_out(p)


@router.get(
    "/cadres/{cadre_id}/pay-changes",
    dependencies=[permit("personnel.read")],
    summary="A cadre's salary and social-insurance changes",
)
async def list_pay_changes(
    cadre_id: str, request: Request, kind: PayKind | None = None, page: PageParams = Depends(page_params)
) -> Page[PayChangeOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.pay_changes(cadre_id, kind=kind), page, _pay_out)


@router.post(
    "/cadres/{cadre_id}/retiree-care",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Record a visit to, activity of, or benefit for a retired cadre",
)
async def post_care(cadre_id: str, body: Care, request: Request) -> CareOut:
    async with get_service(request).uow() as uow:
        r = await commands.record_care(uow, commands.RecordRetireeCare(cadre_id=cadre_id, **body.model_dump()))
    return _care_out(r)


@router.get(
    "/retiree-care",
    dependencies=[permit("personnel.read")],
    summary="Visits, activities and benefits of retired cadres",
)
async def list_care(
    request: Request,
    cadre_id: str | None = None,
    kind: str | None = None,
    on_or_after: date | None = None,
    page: PageParams = Depends(page_params),
) -> Page[CareOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(
            s, queries.retiree_care(cadre_id=cadre_id, kind=kind, on_or_after=on_or_after), page, _care_out
        )
