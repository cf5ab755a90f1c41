"""The HTTP API of hardship assistance: the year's budget and the applications."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, Text, YearPath, YearQuery, page_params
from qiaolian_chassis.service import audit_read, get_service
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import PetitionerStatus

from . import commands, queries
from .rules import STATES, TRANSITIONS
from .tables import AssistanceApplication, AssistanceBudget

APPROVE = permit("rights.approve")
READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["assistance"])
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
    applied_on: Day | None = None


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[Text, StringConstraints(max_length=2000)]
    on: Day | None = None


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_yuan: Yuan
    on: Day | None = None


class Reject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[Text, StringConstraints(max_length=2000)]
    on: Day | None = None


class OnDay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: Day | None = None


# the personal fields of an application (ACCESS.md: applicants' names, hardship text, amounts;
# rights.* and leader, who are those holding rights.read)
PERSONAL = ("applicant_name", "hardship", "requested_yuan", "approved_yuan")


def personal(outs: list[ApplicationOut]) -> list[str]:
    return [f for f in PERSONAL if any(getattr(o, f) is not None for o in outs)]


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
        return cls(**fields, allowed_commands=TRANSITIONS.commands(a.state))


async def _budget_out(session: Any, b: AssistanceBudget) -> BudgetOut:
    spent = await queries.committed(session, b.year)
    return BudgetOut(year=b.year, amount_yuan=b.amount_yuan, approved_yuan=spent, remaining_yuan=b.amount_yuan - spent)


@router.put("/assistance/budgets/{year}", dependencies=[WRITE], summary="Set the year's assistance budget (yuan)")
async def put_budget(year: YearPath, body: Budget, request: Request) -> BudgetOut:
    async with get_service(request).uow() as uow:
        budget = await commands.set_budget(uow, commands.SetBudget(year=year, amount_yuan=body.amount_yuan))
        return await _budget_out(uow.session, budget)


@router.get(
    "/assistance/budgets/{year}", dependencies=[READ], summary="The year's budget, approved total and what remains"
)
async def get_budget(year: YearPath, request: Request) -> BudgetOut:
    async with get_service(request).db.sessions() as s:
        return await _budget_out(s, await get_or_404(s, AssistanceBudget, "assistance budget of", year))


@router.post("/assistance/applications", dependencies=[WRITE], status_code=201, summary="Apply for hardship assistance")
async def create_application(body: Apply, request: Request) -> ApplicationOut:
    async with get_service(request).uow() as uow:
        a = await commands.apply(uow, commands.ApplyForAssistance(**body.model_dump()))
    return ApplicationOut.of(a)


@router.get("/assistance/applications", dependencies=[READ], summary="List assistance applications")
async def list_applications(
    request: Request,
    state: str | None = None,
    year: YearQuery = None,
    region: Code | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ApplicationOut]:
    if state is not None and state not in STATES:
        raise Invalid("state", f"must be one of {', '.join(STATES)}")
    async with get_service(request).db.sessions() as s:
        found = await queries.applications(s, page, ApplicationOut.of, state=state, year=year, region=region)
    await audit_read(request, [a.id for a in found.items], personal(found.items))
    return found


@router.get("/assistance/applications/{application_id}", dependencies=[READ], summary="One assistance application")
async def get_application(application_id: str, request: Request) -> ApplicationOut:
    async with get_service(request).db.sessions() as s:
        out = ApplicationOut.of(await get_or_404(s, AssistanceApplication, "assistance application", application_id))
    await audit_read(request, [out.id], personal([out]))
    return out


@router.post("/assistance/applications/{application_id}/check", dependencies=[WRITE], summary="Record the check (核實)")
async def check_application(application_id: str, body: Check, request: Request) -> ApplicationOut:
    cmd = commands.CheckApplication(application_id=application_id, **body.model_dump())
    async with get_service(request).uow() as uow:
        return ApplicationOut.of(await commands.check(uow, cmd))


@router.post("/assistance/applications/{application_id}/approve", summary="Approve within the year's budget")
async def approve_application(
    application_id: str, body: Approve, request: Request, who: Principal = APPROVE
) -> ApplicationOut:
    by = who.cadre_id or who.account_id  # the signed-in head, never a name in the body
    cmd = commands.ApproveApplication(application_id=application_id, approved_by=by, **body.model_dump())
    async with get_service(request).uow() as uow:
        return ApplicationOut.of(await commands.approve(uow, cmd))


@router.post(
    "/assistance/applications/{application_id}/reject", dependencies=[APPROVE], summary="Reject, with the reason"
)
async def reject_application(application_id: str, body: Reject, request: Request) -> ApplicationOut:
    cmd = commands.RejectApplication(application_id=application_id, **body.model_dump())
    async with get_service(request).uow() as uow:
        return ApplicationOut.of(await commands.reject(uow, cmd))


@router.post("/assistance/applications/{application_id}/disburse", dependencies=[WRITE], summary="Record the payment")
async def disburse_application(application_id: str, request: Request, body: OnDay | None = None) -> ApplicationOut:
    cmd = commands.DisburseAssistance(application_id=application_id, on=body.on if body else None)
    async with get_service(request).uow() as uow:
        return ApplicationOut.of(await commands.disburse(uow, cmd))
