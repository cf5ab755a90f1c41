"""Open budget lines; submit a claim against one (within its balance), decide the steps of its chain,
withdraw it. Events carry ids, codes, dates and amounts: never the purpose of a claim."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal, signer_of
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Forbidden, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import (
    BudgetLineOpened,
    ExpenseClaimApproved,
    ExpenseClaimRejected,
    ExpenseClaimSubmitted,
)
from qiaolian_contracts.ids import new_id

from ..database import directory
from .queries import committed, decisions
from .rules import (
    APPROVAL_CHAIN,
    TRANSITIONS,
    ClaimState,
    Step,
    check_balance,
    check_signer,
    require_step,
    step_permission,
)
from .tables import BudgetLine, ClaimDecision, ExpenseClaim


@dataclass(frozen=True)
class OpenLine:
    office: Office
    year: int
    code: str
    title: str
    amount_yuan: int


@dataclass(frozen=True)
class SubmitClaim:
    line_id: str
    by: Principal  # the claimant is the signed-in person
    amount_yuan: int
    purpose: str
    spent_on: date


@dataclass(frozen=True)
class DecideClaimStep:
    claim_id: str
    step: Step
    approve: bool
    by: Principal
    note: str | None


async def open_line(uow: UnitOfWork, cmd: OpenLine) -> BudgetLine:
    if cmd.year < uow.today.year - 1:
        raise Invalid("year", f"a line is opened for this year or a coming one, not {cmd.year}")
    taken = await uow.session.scalar(
        sa.select(BudgetLine.id).where(
            BudgetLine.office == cmd.office.value, BudgetLine.year == cmd.year, BudgetLine.code == cmd.code
        )
    )
    if taken:
        raise Conflict(f"{cmd.office.value} has a line {cmd.code} for {cmd.year} already", line_id=taken)
    line = BudgetLine(
        id=new_id(),
        office=cmd.office.value,
        year=cmd.year,
        code=cmd.code,
        title=cmd.title,
        amount_yuan=cmd.amount_yuan,
        created_at=uow.now,
    )
    uow.session.add(line)
    uow.emit(
        line.id,
        BudgetLineOpened(line_id=line.id, office=cmd.office, year=cmd.year, code=cmd.code, amount_yuan=cmd.amount_yuan),
    )
    return line


async def submit(uow: UnitOfWork, cmd: SubmitClaim) -> ExpenseClaim:
    if cmd.by.cadre_id is None:
        raise Forbidden("an expense claim is made by a cadre for themself: this account is no cadre's")
    staff = await directory.get(uow.session, cmd.by.cadre_id)
    if staff is None:
        raise Forbidden("only staff of the directory claim expenses", cadre_id=cmd.by.cadre_id)
    # the line, locked: two claims against it take turns, so neither sees a balance the other spent
    line: BudgetLine = await get_or_404(uow.session, BudgetLine, "budget line", cmd.line_id, for_update=True)
    if line.office != staff.office:
        raise Invalid("line_id", f"is a line of {line.office}: a claim goes against a line of {staff.office}")
    if cmd.spent_on.year != line.year:
        raise Invalid("spent_on", f"is not in {line.year}, the line's year")
    if cmd.spent_on > uow.today:
        raise Invalid("spent_on", f"cannot be after today ({uow.today})")
    check_balance(cmd.amount_yuan, line.amount_yuan, await committed(uow.session, line.id))
    c = ExpenseClaim(
        id=new_id(),
        line_id=line.id,
        cadre_id=cmd.by.cadre_id,
        office=line.office,
        amount_yuan=cmd.amount_yuan,
        purpose=cmd.purpose,
        spent_on=cmd.spent_on,
        state=ClaimState.submitted.value,
        submitted_on=uow.today,
        created_at=uow.now,
    )
    uow.session.add(c)
    uow.emit(
        c.id,
        ExpenseClaimSubmitted(
            claim_id=c.id,
            line_id=line.id,
            cadre_id=c.cadre_id,
            office=Office(line.office),
            year=line.year,
            amount_yuan=c.amount_yuan,
            submitted_on=uow.today,
        ),
    )
    return c


async def _load(uow: UnitOfWork, claim_id: str, command: str) -> tuple[ExpenseClaim, ClaimState]:
    c: ExpenseClaim = await get_or_404(uow.session, ExpenseClaim, "expense claim", claim_id, for_update=True)
    return c, TRANSITIONS.apply(ClaimState(c.state), command)


async def decide(uow: UnitOfWork, cmd: DecideClaimStep) -> ExpenseClaim:
    c, state = await _load(uow, cmd.claim_id, "approve" if cmd.approve else "reject")
    permission = step_permission(cmd.step, c.office)
    if not cmd.by.holds(permission):
        raise Forbidden(f"the permission {permission} is needed for the {cmd.step.value} step", permission=permission)
    rows = await decisions(uow.session, c.id)
    require_step(cmd.step, sum(1 for d in rows if d.approved))
    signer = signer_of(cmd.by)
    check_signer(signer, cmd.by.cadre_id, c.cadre_id, {d.decided_by: d.step for d in rows})
    on = uow.today
    uow.session.add(
        ClaimDecision(
            id=new_id(),
            claim_id=c.id,
            step=cmd.step.value,
            approved=cmd.approve,
            decided_by=signer,
            decided_on=on,
            note=cmd.note,
            created_at=uow.now,
        )
    )
    if not cmd.approve:
        c.state, c.rejected_on = state.value, on
        uow.emit(c.id, ExpenseClaimRejected(claim_id=c.id, line_id=c.line_id, step=cmd.step.value, rejected_on=on))
    elif cmd.step is APPROVAL_CHAIN[-1].step:
        c.state, c.approved_on = ClaimState.approved.value, on
        uow.emit(
            c.id,
            ExpenseClaimApproved(
                claim_id=c.id, line_id=c.line_id, office=Office(c.office), amount_yuan=c.amount_yuan, approved_on=on
            ),
        )
    return c


async def withdraw(uow: UnitOfWork, claim_id: str, by: Principal) -> ExpenseClaim:
    """The claimant takes back a claim not yet decided; its amount is free again."""
    c, state = await _load(uow, claim_id, "withdraw")
    if by.cadre_id != c.cadre_id:
        raise Forbidden("a claim is withdrawn by its claimant")
    c.state = state.value
    return c
