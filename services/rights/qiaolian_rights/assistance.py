"""Hardship assistance to needy returnees and relatives (困難歸僑僑眷幫扶): application, check,
approval within the year's budget, payment.

States (`MACHINE`): `applied` → `checked` → `approved` → `disbursed`; `applied` or `checked` →
`rejected`. An approval that would take the year's approved total above its budget is 409 with
the budget and what remains. Applicant, hardship and amounts stay here; events carry ids, the
applicant's status, the year and dates (no financial details on the bus).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import AssistanceStep, PetitionerStatus
from qiaolian_contracts.ids import new_id

from .domain import Machine, command_date
from .persistence import Base, equal_to, get_or_404

MACHINE = Machine("assistance application", {
    "check": (frozenset({"applied"}), "checked"),
    "approve": (frozenset({"checked"}), "approved"),
    "reject": (frozenset({"applied", "checked"}), "rejected"),
    "disburse": (frozenset({"approved"}), "disbursed"),
})
STATES = ("applied", "checked", "approved", "rejected", "disbursed")
COMMITTED = ("approved", "disbursed")


class AssistanceBudget(Base):
    __tablename__ = "assistance_budgets"

    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    amount_yuan: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AssistanceApplication(Base):
    __tablename__ = "assistance_applications"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    applicant_name: Mapped[str] = mapped_column(sa.String(100))
    applicant_status: Mapped[str] = mapped_column(sa.String(40))
    region: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    hardship: Mapped[str] = mapped_column(sa.Text)
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    requested_yuan: Mapped[int] = mapped_column(sa.Integer)
    applied_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    check_note: Mapped[str | None] = mapped_column(sa.Text)
    checked_on: Mapped[date | None] = mapped_column(sa.Date)
    approved_yuan: Mapped[int | None] = mapped_column(sa.Integer)
    approved_by: Mapped[str | None] = mapped_column(sa.String(100))
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    rejection_reason: Mapped[str | None] = mapped_column(sa.Text)
    disbursed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


def _step(a: AssistanceApplication, on: date) -> AssistanceStep:
    return AssistanceStep(application_id=a.id, applicant_status=PetitionerStatus(a.applicant_status), year=a.year,
                          on=on)


async def set_budget(uow: UnitOfWork, year: int, amount_yuan: int) -> AssistanceBudget:
    committed = await _committed(uow.session, year)
    if amount_yuan < committed:
        raise Conflict(f"the {year} budget cannot be below the {committed} yuan already approved",
                       approved_yuan=committed)
    budget = await uow.session.get(AssistanceBudget, year, with_for_update=True)
    if budget is None:
        budget = AssistanceBudget(year=year, amount_yuan=amount_yuan, updated_at=uow.now)
        uow.session.add(budget)
    else:
        budget.amount_yuan, budget.updated_at = amount_yuan, uow.now
    return budget


async def _committed(session: Any, year: int) -> int:
    return int(await session.scalar(sa.select(sa.func.coalesce(sa.func.sum(
        AssistanceApplication.approved_yuan), 0)).where(AssistanceApplication.year == year,
                                                        AssistanceApplication.state.in_(COMMITTED))) or 0)


async def apply(uow: UnitOfWork, clock: Clock, *, name: str, status: PetitionerStatus, region: str | None,
                hardship: str, requested_yuan: int, applied_on: date | None) -> AssistanceApplication:
    on = command_date(today(clock), applied_on, "applied_on", None, "")
    a = AssistanceApplication(id=new_id(), applicant_name=name, applicant_status=status.value, region=region,
                              hardship=hardship, year=on.year, requested_yuan=requested_yuan, applied_on=on,
                              state="applied", created_at=uow.now)
    uow.session.add(a)
    uow.emit(a.id, _step(a, on), event_type="qiaolian.rights.assistance.applied.v1")
    return a


async def _begin(uow: UnitOfWork, clock: Clock, application_id: str, command: str, value: date | None,
                 after: str, what: str) -> tuple[AssistanceApplication, str, date]:
    """Load, check the command is allowed now (409), then its date (422): not before `after`."""
    a = await get_or_404(uow.session, AssistanceApplication, "assistance application", application_id,
                         for_update=True)
    target = MACHINE.apply(a.state, command)
    return a, target, command_date(today(clock), value, "on", getattr(a, after), what)


async def check(uow: UnitOfWork, clock: Clock, application_id: str, note: str, on: date | None,
                ) -> AssistanceApplication:
    a, target, day = await _begin(uow, clock, application_id, "check", on, "applied_on", "the application")
    a.state, a.check_note, a.checked_on = target, note, day
    return a


async def approve(uow: UnitOfWork, clock: Clock, application_id: str, *, amount_yuan: int, approved_by: str,
                  on: date | None) -> AssistanceApplication:
    a, target, day = await _begin(uow, clock, application_id, "approve", on, "checked_on", "the check")
    if amount_yuan > a.requested_yuan:
        raise Invalid("amount_yuan", f"cannot exceed the {a.requested_yuan} yuan requested")
    budget = await uow.session.get(AssistanceBudget, a.year, with_for_update=True)
    if budget is None:
        raise Conflict(f"no assistance budget is set for {a.year}", year=a.year)
    remaining = budget.amount_yuan - await _committed(uow.session, a.year)
    if amount_yuan > remaining:
        raise Conflict(f"the {a.year} budget has {remaining} yuan left", year=a.year,
                       budget_yuan=budget.amount_yuan, remaining_yuan=remaining)
    a.state, a.approved_yuan, a.approved_by, a.approved_on = target, amount_yuan, approved_by, day
    uow.emit(a.id, _step(a, day), event_type="qiaolian.rights.assistance.approved.v1")
    return a


async def reject(uow: UnitOfWork, clock: Clock, application_id: str, reason: str,
                 on: date | None) -> AssistanceApplication:
    a, target, _ = await _begin(uow, clock, application_id, "reject", on, "applied_on", "the application")
    a.state, a.rejection_reason = target, reason
    return a


async def disburse(uow: UnitOfWork, clock: Clock, application_id: str, on: date | None) -> AssistanceApplication:
    a, target, day = await _begin(uow, clock, application_id, "disburse", on, "approved_on", "the approval")
    a.state, a.disbursed_on = target, day
    uow.emit(a.id, _step(a, day), event_type="qiaolian.rights.assistance.disbursed.v1")
    return a


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["assistance"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Yuan = Annotated[int, Field(ge=1, le=1_000_000)]


class Budget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_yuan: Annotated[int, Field(ge=0, le=100_000_000)]


class BudgetOut(BaseModel):
    year: int
    amount_yuan: int
    approved_yuan: int
    remaining_yuan: int


class Apply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    applicant_name: Annotated[Text, StringConstraints(max_length=100)]
    applicant_status: PetitionerStatus
    region: Code | None = None
    hardship: Annotated[Text, StringConstraints(max_length=5000)]
    requested_yuan: Yuan
    applied_on: date | None = None


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[Text, StringConstraints(max_length=2000)]
    on: date | None = None


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_yuan: Yuan
    approved_by: Annotated[Text, StringConstraints(max_length=100)]
    on: date | None = None


class Reject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[Text, StringConstraints(max_length=2000)]
    on: date | None = None


class Day(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date | None = None


class ApplicationOut(BaseModel):
    id: str
    applicant_name: str
    applicant_status: PetitionerStatus
    region: str | None
    hardship: str
    year: int
    requested_yuan: int
    applied_on: date
    state: str
    check_note: str | None
    checked_on: date | None
    approved_yuan: int | None
    approved_by: str | None
    approved_on: date | None
    rejection_reason: str | None
    disbursed_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, a: AssistanceApplication) -> ApplicationOut:
        fields = {f: getattr(a, f) for f in cls.model_fields if f != "allowed_commands"}
        return cls(**fields, allowed_commands=MACHINE.allowed(a.state))


async def _budget_out(session: Any, b: AssistanceBudget) -> BudgetOut:
    committed = await _committed(session, b.year)
    return BudgetOut(year=b.year, amount_yuan=b.amount_yuan, approved_yuan=committed,
                     remaining_yuan=b.amount_yuan - committed)


@router.put("/assistance/budgets/{year}", summary="Set the year's assistance budget (yuan)")
async def put_budget(year: Annotated[int, Path(ge=2000, le=2100)], body: Budget, request: Request) -> BudgetOut:
    async with get_service(request).uow() as uow:
        return await _budget_out(uow.session, await set_budget(uow, year, body.amount_yuan))


@router.get("/assistance/budgets/{year}", summary="The year's budget, approved total and what remains")
async def get_budget(year: int, request: Request) -> BudgetOut:
    async with get_service(request).db.sessions() as s:
        return await _budget_out(s, await get_or_404(s, AssistanceBudget, "assistance budget of", year))


@router.post("/assistance/applications", status_code=201, summary="Apply for hardship assistance")
async def create_application(body: Apply, request: Request) -> ApplicationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        a = await apply(uow, svc.clock, name=body.applicant_name, status=body.applicant_status, region=body.region,
                        hardship=body.hardship, requested_yuan=body.requested_yuan, applied_on=body.applied_on)
    return ApplicationOut.of(a)


@router.get("/assistance/applications", summary="List assistance applications")
async def list_applications(request: Request, state: str | None = None, year: int | None = None,
                            region: Code | None = None, page: PageParams = Depends(page_params),
                            ) -> Page[ApplicationOut]:
    if state is not None and state not in STATES:
        raise Invalid("state", f"must be one of {', '.join(STATES)}")
    where = equal_to((AssistanceApplication.state, state), (AssistanceApplication.year, year),
                     (AssistanceApplication.region, region))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(AssistanceApplication).where(*where).order_by(
            AssistanceApplication.applied_on.desc(), AssistanceApplication.id.desc()), page, ApplicationOut.of)


@router.get("/assistance/applications/{application_id}", summary="One assistance application")
async def get_application(application_id: str, request: Request) -> ApplicationOut:
    async with get_service(request).db.sessions() as s:
        return ApplicationOut.of(await get_or_404(s, AssistanceApplication, "assistance application",
                                                  application_id))


@router.post("/assistance/applications/{application_id}/check", summary="Record the check (核實)")
async def check_application(application_id: str, body: Check, request: Request) -> ApplicationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        return ApplicationOut.of(await check(uow, svc.clock, application_id, body.note, body.on))


@router.post("/assistance/applications/{application_id}/approve", summary="Approve within the year's budget")
async def approve_application(application_id: str, body: Approve, request: Request) -> ApplicationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        return ApplicationOut.of(await approve(uow, svc.clock, application_id, amount_yuan=body.amount_yuan,
                                               approved_by=body.approved_by, on=body.on))


@router.post("/assistance/applications/{application_id}/reject", summary="Reject, with the reason")
async def reject_application(application_id: str, body: Reject, request: Request) -> ApplicationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        return ApplicationOut.of(await reject(uow, svc.clock, application_id, body.reason, body.on))


@router.post("/assistance/applications/{application_id}/disburse", summary="Record the payment")
async def disburse_application(application_id: str, request: Request, body: Day | None = None) -> ApplicationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        return ApplicationOut.of(await disburse(uow, svc.clock, application_id, body.on if body else None))
