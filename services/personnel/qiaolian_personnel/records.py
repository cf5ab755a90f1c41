"""Cadre records kept only by personnel: yearly performance assessments (年度考核), salary and
social-insurance changes, and the care of retired cadres (visits, activities, benefits).

These are sensitive personal records (evaluations, money, health-related care) that no other office
needs: they publish no events and never leave this service.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.ids import new_id

from .cadres.rules import CadreState
from .cadres.tables import Cadre
from .database import Base

router = APIRouter(tags=["cadre records"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Money = Annotated[Decimal, Field(ge=0, le=10_000_000, max_digits=12, decimal_places=2)]


class Grade(StrEnum):
    excellent = "excellent"  # 優秀
    competent = "competent"  # 稱職
    basically_competent = "basically_competent"  # 基本稱職
    incompetent = "incompetent"  # 不稱職
    not_graded = "not_graded"  # 不定等次


class PayKind(StrEnum):
    salary = "salary"
    social_insurance = "social_insurance"


class BenefitKind(StrEnum):
    living_allowance = "living_allowance"
    medical_subsidy = "medical_subsidy"
    holiday_condolence = "holiday_condolence"  # 節日慰問
    other = "other"


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (sa.UniqueConstraint("cadre_id", "year"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    grade: Mapped[str] = mapped_column(sa.String(30))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PayChange(Base):
    __tablename__ = "pay_changes"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    effective_on: Mapped[date] = mapped_column(sa.Date)
    amount_before: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    amount_after: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    reason: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RetireeCare(Base):
    """A visit to, an activity of, or a benefit granted to a retired cadre."""

    __tablename__ = "retiree_care"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # visit, activity, benefit
    on: Mapped[date] = mapped_column(sa.Date)
    title: Mapped[str] = mapped_column(sa.String(500))
    benefit: Mapped[str | None] = mapped_column(sa.String(30))
    amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    by_cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


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
    return PayChangeOut(id=p.id, cadre_id=p.cadre_id, kind=PayKind(p.kind), effective_on=p.effective_on,
                        amount_before=p.amount_before, amount_after=p.amount_after, reason=p.reason)


def _care_out(c: RetireeCare) -> CareOut:
    return CareOut(id=c.id, cadre_id=c.cadre_id, kind=c.kind, on=c.on, title=c.title,
                   benefit=BenefitKind(c.benefit) if c.benefit else None, amount=c.amount, by_cadre_id=c.by_cadre_id)


async def _cadre(uow: UnitOfWork, cadre_id: str) -> Cadre:
    c = await uow.session.get(Cadre, cadre_id)
    if c is None:
        raise NotFound(f"cadre {cadre_id} not found")
    return c


async def assess(uow: UnitOfWork, cadre_id: str, body: Assess) -> Assessment:
    c = await _cadre(uow, cadre_id)
    if await uow.session.scalar(sa.select(Assessment.id).where(Assessment.cadre_id == c.id,
                                                               Assessment.year == body.year)):
        raise Conflict(f"cadre {c.id} already has an assessment for {body.year}")
    a = Assessment(id=new_id(), cadre_id=c.id, year=body.year, grade=body.grade.value, created_at=uow.now)
    uow.session.add(a)
    return a


async def change_pay(uow: UnitOfWork, cadre_id: str, body: ChangePay) -> PayChange:
    c = await _cadre(uow, cadre_id)
    if body.amount_after == body.amount_before:
        raise Invalid("amount_after", "equals amount_before: not a change")
    p = PayChange(id=new_id(), cadre_id=c.id, kind=body.kind.value, effective_on=body.effective_on,
                  amount_before=body.amount_before, amount_after=body.amount_after, reason=body.reason,
                  created_at=uow.now)
    uow.session.add(p)
    return p


async def record_care(uow: UnitOfWork, cadre_id: str, body: Care) -> RetireeCare:
    c = await _cadre(uow, cadre_id)
    if c.state != CadreState.retired.value:
        raise Conflict(f"cadre {c.id} is not retired", current_state=c.state)
    if body.kind == "benefit" and (body.benefit is None or body.amount is None):
        raise Invalid("benefit" if body.benefit is None else "amount", "required for a benefit")
    if body.kind != "benefit" and (body.benefit is not None or body.amount is not None):
        raise Invalid("benefit", f"only a benefit has a benefit kind and amount, not a {body.kind}")
    if body.by_cadre_id is not None:
        by = await uow.session.get(Cadre, body.by_cadre_id)
        if by is None or by.state == CadreState.retired.value:
            raise Invalid("by_cadre_id", "not a serving cadre")
    r = RetireeCare(id=new_id(), cadre_id=c.id, kind=body.kind, on=body.on, title=body.title,
                    benefit=body.benefit.value if body.benefit else None, amount=body.amount,
                    by_cadre_id=body.by_cadre_id, created_at=uow.now)
    uow.session.add(r)
    return r


@router.post("/cadres/{cadre_id}/assessments", status_code=201, summary="Record a yearly assessment (年度考核)")
async def post_assessment(cadre_id: str, body: Assess, request: Request) -> AssessmentOut:
    async with get_service(request).uow() as uow:
        a = await assess(uow, cadre_id, body)
    return _assessment_out(a)


@router.get("/assessments", summary="Assessments")
async def list_assessments(request: Request, year: int | None = None, grade: Grade | None = None,
                           cadre_id: str | None = None,
                           page: PageParams = Depends(page_params)) -> Page[AssessmentOut]:
    where = [c for c in (Assessment.year == year if year else None, Assessment.grade == grade.value if grade else None,
                         Assessment.cadre_id == cadre_id if cadre_id else None) if c is not None]
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Assessment).where(*where)
                              .order_by(Assessment.year.desc(), Assessment.cadre_id), page, _assessment_out)


@router.post("/cadres/{cadre_id}/pay-changes", status_code=201, summary="Record a salary or social-insurance change")
async def post_pay_change(cadre_id: str, body: ChangePay, request: Request) -> PayChangeOut:
    async with get_service(request).uow() as uow:
        p = await change_pay(uow, cadre_id, body)
    return _pay_out(p)


@router.get("/cadres/{cadre_id}/pay-changes", summary="A cadre's salary and social-insurance changes")
async def list_pay_changes(cadre_id: str, request: Request, kind: PayKind | None = None,
                           page: PageParams = Depends(page_params)) -> Page[PayChangeOut]:
    where = [PayChange.cadre_id == cadre_id] + ([PayChange.kind == kind.value] if kind else [])
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(PayChange).where(*where)
                              .order_by(PayChange.effective_on.desc(), PayChange.id), page, _pay_out)


@router.post("/cadres/{cadre_id}/retiree-care", status_code=201,
             summary="Record a visit to, activity of, or benefit for a retired cadre")
async def post_care(cadre_id: str, body: Care, request: Request) -> CareOut:
    async with get_service(request).uow() as uow:
        r = await record_care(uow, cadre_id, body)
    return _care_out(r)


@router.get("/retiree-care", summary="Visits, activities and benefits of retired cadres")
async def list_care(request: Request, cadre_id: str | None = None, kind: str | None = None,
                    on_or_after: date | None = None,
                    page: PageParams = Depends(page_params)) -> Page[CareOut]:
    where = [c for c in (RetireeCare.cadre_id == cadre_id if cadre_id else None,
                         RetireeCare.kind == kind if kind else None,
                         RetireeCare.on >= on_or_after if on_or_after else None) if c is not None]
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(RetireeCare).where(*where).order_by(RetireeCare.on.desc(), RetireeCare.id),
                              page, _care_out)
