"""Budget lines and expense claims over HTTP (財務). Office's staff open the lines (`office.write`); a
staff member claims for themself (`claims.submit`); the steps are decided by the signed-in person (the
route needs `claims.decide`, the step its own permission, rules.step_permission)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import APPROVAL_CHAIN, TRANSITIONS, ClaimState, Step, next_step
from .tables import BudgetLine, ExpenseClaim

router = APIRouter(tags=["expense claims"])

Yuan = Annotated[int, Field(ge=1, le=100_000_000, description="in yuan")]
Year = Annotated[int, Field(ge=2000, le=2100)]
LineCode = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]


class OpenLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Office
    year: Year
    code: LineCode = Field(description="the budget code: travel, reception, training, …")
    title: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    amount_yuan: Yuan


class LineOut(BaseModel):
    id: str
    office: Office
    year: int
    code: str
    title: str
    amount_yuan: int
    created_at: datetime

    @classmethod
    def of(cls, b: BudgetLine) -> LineOut:
        return cls.model_validate(b, from_attributes=True)


class LineDetail(LineOut):
    committed_yuan: int = Field(description="held by approved and pending claims")
    balance_yuan: int


class ReportRow(LineOut):
    approved_yuan: int
    pending_yuan: int
    balance_yuan: int
    approved_claims: int
    pending_claims: int
    rejected_claims: int

    @classmethod
    def row(cls, r: Any) -> ReportRow:
        b: BudgetLine = r[0]
        return cls(
            **LineOut.of(b).model_dump(),
            approved_yuan=int(r.approved_yuan),
            pending_yuan=int(r.pending_yuan),
            balance_yuan=b.amount_yuan - int(r.approved_yuan) - int(r.pending_yuan),
            approved_claims=int(r.approved_claims),
            pending_claims=int(r.pending_claims),
            rejected_claims=int(r.rejected_claims),
        )


class Submit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    amount_yuan: Yuan
    purpose: Annotated[Text, StringConstraints(min_length=1, max_length=500)]
    spent_on: Day


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Step
    note: Annotated[Text, StringConstraints(max_length=500)] | None = None


class Reject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Step
    reason: Annotated[Text, StringConstraints(min_length=1, max_length=500)]


class DecisionOut(BaseModel):
    step: Step
    approved: bool
    decided_by: str
    decided_on: date
    note: str | None


class ClaimOut(BaseModel):
    id: str
    line_id: str
    cadre_id: str
    office: Office
    amount_yuan: int
    purpose: str
    spent_on: date
    state: ClaimState
    submitted_on: date
    approved_on: date | None
    rejected_on: date | None
    created_at: datetime

    @classmethod
    def of(cls, c: ExpenseClaim) -> ClaimOut:
        return cls.model_validate(c, from_attributes=True)


class ClaimDetail(ClaimOut):
    decisions: list[DecisionOut]
    next_step: Step | None
    allowed_commands: list[str]


async def claim_detail(session: Any, claim_id: str) -> ClaimDetail:
    c = await get_or_404(session, ExpenseClaim, "expense claim", claim_id)
    rows = await queries.decisions(session, c.id)
    state = ClaimState(c.state)
    return ClaimDetail(
        **ClaimOut.of(c).model_dump(),
        decisions=[DecisionOut.model_validate(d, from_attributes=True) for d in rows],
        next_step=next_step(sum(1 for d in rows if d.approved)) if state is ClaimState.submitted else None,
        allowed_commands=TRANSITIONS.commands(state),
    )


class ChainStepOut(BaseModel):
    step: Step
    label: str


@router.post(
    "/budget-lines",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Open an office's yearly budget line (財務)",
)
async def open_line(body: OpenLine, request: Request) -> LineOut:
    async with get_service(request).uow() as uow:
        line = await commands.open_line(uow, commands.OpenLine(**body.model_dump()))
    return LineOut.of(line)


@router.get("/budget-lines", dependencies=[permit("staff.read")], summary="Budget lines, latest year first")
async def list_lines(
    request: Request,
    office: Office | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    code: str | None = None,
    page: PageParams = Depends(page_params),
) -> Page[LineOut]:
    stmt = queries.lines(office=office, year=year, code=code)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, LineOut.of)


@router.get(
    "/budget-lines/report",
    dependencies=[permit("staff.read")],
    summary="The yearly report: per line its budget, approved, pending and balance",
)
async def line_report(
    request: Request,
    year: Annotated[int, Query(ge=2000, le=2100)],
    office: Office | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ReportRow]:
    stmt = queries.report(year=year, office=office)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, ReportRow.row, scalars=False)


@router.get("/budget-lines/{line_id}", dependencies=[permit("staff.read")], summary="A budget line and its balance")
async def get_line(line_id: str, request: Request) -> LineDetail:
    async with get_service(request).db.sessions() as s:
        b = await get_or_404(s, BudgetLine, "budget line", line_id)
        held = await queries.committed(s, b.id)
    return LineDetail(**LineOut.of(b).model_dump(), committed_yuan=held, balance_yuan=b.amount_yuan - held)


@router.get("/expense-claims/approval-chain", summary="The steps every claim goes through, in order")
async def approval_chain(_: Principal = permit("staff.read")) -> list[ChainStepOut]:
    return [ChainStepOut(step=s.step, label=s.label) for s in APPROVAL_CHAIN]


@router.post(
    "/expense-claims",
    status_code=201,
    summary="Claim expenses against a line of one's office, within its balance (409 with the numbers)",
)
async def submit_claim(body: Submit, request: Request, who: Principal = permit("claims.submit")) -> ClaimDetail:
    async with get_service(request).uow() as uow:
        c = await commands.submit(uow, commands.SubmitClaim(by=who, **body.model_dump()))
        return await claim_detail(uow.session, c.id)


@router.get("/expense-claims", dependencies=[permit("staff.read")], summary="Expense claims, latest first")
async def list_claims(
    request: Request,
    state: ClaimState | None = None,
    office: Office | None = None,
    line_id: str | None = None,
    cadre_id: str | None = None,
    from_on: Day | None = None,
    to_on: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ClaimOut]:
    stmt = queries.claims(state=state, office=office, line_id=line_id, cadre_id=cadre_id, from_on=from_on, to_on=to_on)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, ClaimOut.of)


@router.get(
    "/expense-claims/{claim_id}",
    dependencies=[permit("staff.read")],
    summary="An expense claim with the decisions of its chain",
)
async def get_claim(claim_id: str, request: Request) -> ClaimDetail:
    async with get_service(request).db.sessions() as s:
        return await claim_detail(s, claim_id)


@router.post("/expense-claims/{claim_id}/approve", summary="Approve the next step (with the step's permission)")
async def approve_claim(
    claim_id: str, body: Approve, request: Request, who: Principal = permit("claims.decide")
) -> ClaimDetail:
    async with get_service(request).uow() as uow:
        cmd = commands.DecideClaimStep(claim_id=claim_id, step=body.step, approve=True, by=who, note=body.note)
        c = await commands.decide(uow, cmd)
        return await claim_detail(uow.session, c.id)


@router.post("/expense-claims/{claim_id}/reject", summary="Reject at the next step (with its permission): the end")
async def reject_claim(
    claim_id: str, body: Reject, request: Request, who: Principal = permit("claims.decide")
) -> ClaimDetail:
    async with get_service(request).uow() as uow:
        cmd = commands.DecideClaimStep(claim_id=claim_id, step=body.step, approve=False, by=who, note=body.reason)
        c = await commands.decide(uow, cmd)
        return await claim_detail(uow.session, c.id)


@router.post("/expense-claims/{claim_id}/withdraw", summary="The claimant takes back a claim not yet decided")
async def withdraw_claim(claim_id: str, request: Request, who: Principal = permit("claims.submit")) -> ClaimDetail:
    async with get_service(request).uow() as uow:
        c = await commands.withdraw(uow, claim_id, who)
        return await claim_detail(uow.session, c.id)
