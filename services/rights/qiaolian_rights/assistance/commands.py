"""Hardship assistance commands: set the year's budget, apply, check, approve within the budget (409
with the budget and what remains otherwise), reject, disburse. Events carry ids, the applicant's
status, the year and dates (no financial details on the bus)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import AssistanceStep, PetitionerStatus
from qiaolian_contracts.ids import new_id

from ..dates import command_date
from .queries import committed
from .rules import TRANSITIONS
from .tables import AssistanceApplication, AssistanceBudget

APPLIED = "qiaolian.rights.assistance.applied.v1"
APPROVED = "qiaolian.rights.assistance.approved.v1"
DISBURSED = "qiaolian.rights.assistance.disbursed.v1"


@dataclass(frozen=True)
class SetBudget:
    year: int
    amount_yuan: int


@dataclass(frozen=True)
class ApplyForAssistance:
    applicant_name: str
    applicant_status: PetitionerStatus
    hardship: str
    requested_yuan: int
    region: str | None = None
    applied_on: date | None = None


@dataclass(frozen=True)
class CheckApplication:
    application_id: str
    note: str
    on: date | None = None


@dataclass(frozen=True)
class ApproveApplication:
    application_id: str
    amount_yuan: int
    approved_by: str
    on: date | None = None


@dataclass(frozen=True)
class RejectApplication:
    application_id: str
    reason: str
    on: date | None = None


@dataclass(frozen=True)
class DisburseAssistance:
    application_id: str
    on: date | None = None


def _step(a: AssistanceApplication, on: date) -> AssistanceStep:
    return AssistanceStep(
        application_id=a.id, applicant_status=PetitionerStatus(a.applicant_status), year=a.year, on=on
    )


async def set_budget(uow: UnitOfWork, cmd: SetBudget) -> AssistanceBudget:
    spent = await committed(uow.session, cmd.year)
    if cmd.amount_yuan < spent:
        raise Conflict(f"the {cmd.year} budget cannot be below the {spent} yuan already approved", approved_yuan=spent)
    budget: AssistanceBudget | None = await uow.session.get(AssistanceBudget, cmd.year, with_for_update=True)
    if budget is None:
        budget = AssistanceBudget(year=cmd.year, amount_yuan=cmd.amount_yuan, updated_at=uow.now)
        uow.session.add(budget)
    else:
        budget.amount_yuan, budget.updated_at = cmd.amount_yuan, uow.now
    return budget


async def apply(uow: UnitOfWork, cmd: ApplyForAssistance) -> AssistanceApplication:
    on = command_date(uow.today, cmd.applied_on, "applied_on", None, "")
    a = AssistanceApplication(
        id=new_id(),
        applicant_name=cmd.applicant_name,
        applicant_status=cmd.applicant_status.value,
        region=cmd.region,
        hardship=cmd.hardship,
        year=on.year,
        requested_yuan=cmd.requested_yuan,
        applied_on=on,
        state="applied",
        created_at=uow.now,
    )
    uow.session.add(a)
    uow.emit(a.id, _step(a, on), event_type=APPLIED)
    return a


async def _begin(
    uow: UnitOfWork, application_id: str, command: str, value: date | None, after: str, what: str
) -> tuple[AssistanceApplication, str, date]:
    """Load, check the command is allowed now (409), then its date (422): not before `after`."""
    a = await get_or_404(uow.session, AssistanceApplication, "assistance application", application_id, for_update=True)
    target = TRANSITIONS.apply(a.state, command)
    return a, target, command_date(uow.today, value, "on", getattr(a, after), what)


async def check(uow: UnitOfWork, cmd: CheckApplication) -> AssistanceApplication:
    a, target, day = await _begin(uow, cmd.application_id, "check", cmd.on, "applied_on", "the application")
    a.state, a.check_note, a.checked_on = target, cmd.note, day
    return a


async def approve(uow: UnitOfWork, cmd: ApproveApplication) -> AssistanceApplication:
    a, target, day = await _begin(uow, cmd.application_id, "approve", cmd.on, "checked_on", "the check")
    if cmd.amount_yuan > a.requested_yuan:
        raise Invalid("amount_yuan", f"cannot exceed the {a.requested_yuan} yuan requested")
    budget = await uow.session.get(AssistanceBudget, a.year, with_for_update=True)
    if budget is None:
        raise Conflict(f"no assistance budget is set for {a.year}", year=a.year)
    remaining = budget.amount_yuan - await committed(uow.session, a.year)
    if cmd.amount_yuan > remaining:
        raise Conflict(
            f"the {a.year} budget has {remaining} yuan left",
            year=a.year,
            budget_yuan=budget.amount_yuan,
            remaining_yuan=remaining,
        )
    a.state, a.approved_yuan, a.approved_by, a.approved_on = target, cmd.amount_yuan, cmd.approved_by, day
    uow.emit(a.id, _step(a, day), event_type=APPROVED)
    return a


async def reject(uow: UnitOfWork, cmd: RejectApplication) -> AssistanceApplication:
    a, target, _ = await _begin(uow, cmd.application_id, "reject", cmd.on, "applied_on", "the application")
    a.state, a.rejection_reason = target, cmd.reason
    return a


async def disburse(uow: UnitOfWork, cmd: DisburseAssistance) -> AssistanceApplication:
    a, target, day = await _begin(uow, cmd.application_id, "disburse", cmd.on, "approved_on", "the approval")
    a.state, a.disbursed_on = target, day
    uow.emit(a.id, _step(a, day), event_type=DISBURSED)
    return a
