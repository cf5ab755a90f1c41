"""Recording a retirees' activity with who attended, granting a benefit under a policy, planning a visit
(its day watched: `retiree.visit_due` the notice period before) and recording or cancelling it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import RetireeActivityHeld, RetireeVisitCancelled, RetireeVisitRecorded
from qiaolian_contracts.ids import new_id

from ..cadres.commands import serving_cadre
from ..cadres.rules import CadreState
from ..cadres.tables import Cadre
from ..database import deadlines
from ..records.rules import BenefitKind
from .rules import (
    RETIREE_VISIT,
    VISITS,
    Period,
    VisitState,
    check_amount,
    check_period,
    check_planned,
    check_visited,
)
from .tables import RetireeActivity, RetireeActivityAttendance, RetireeBenefit, RetireeVisit


@dataclass(frozen=True)
class RecordActivity:
    title: str
    held_on: date
    attendees: tuple[str, ...]
    place: str | None = None


@dataclass(frozen=True)
class GrantBenefit:
    cadre_id: str
    policy: str
    kind: BenefitKind
    amount: Decimal
    period: Period
    period_from: date
    period_to: date | None = None


@dataclass(frozen=True)
class PlanVisit:
    cadre_id: str
    planned_on: date
    by_cadre_id: str


@dataclass(frozen=True)
class RecordVisit:
    visit_id: str
    visited_on: date
    notes: str | None = None


async def _retired(uow: UnitOfWork, cadre_id: str, field: str = "cadre_id") -> Cadre:
    c = await uow.session.get(Cadre, cadre_id)
    if c is None or c.state != CadreState.retired.value:
        raise Invalid(field, f"{cadre_id} is not a retired cadre")
    return c


async def record_activity(uow: UnitOfWork, cmd: RecordActivity) -> RetireeActivity:
    if cmd.held_on > uow.today:
        raise Invalid("held_on", "an activity is recorded once held")
    if len(set(cmd.attendees)) != len(cmd.attendees):
        raise Invalid("attendees", "a cadre is listed twice")
    if cmd.attendees:
        found = set(
            (
                await uow.session.scalars(
                    sa.select(Cadre.id).where(Cadre.id.in_(cmd.attendees), Cadre.state == CadreState.retired.value)
                )
            ).all()
        )
        if missing := [a for a in cmd.attendees if a not in found]:
            raise Invalid("attendees", f"not retired cadres: {', '.join(missing)}")
    a = RetireeActivity(id=new_id(), title=cmd.title, held_on=cmd.held_on, place=cmd.place, created_at=uow.now)
    uow.session.add(a)
    await uow.session.flush()
    uow.session.add_all(RetireeActivityAttendance(id=new_id(), activity_id=a.id, cadre_id=c) for c in cmd.attendees)
    uow.emit(a.id, RetireeActivityHeld(activity_id=a.id, held_on=a.held_on, present=len(cmd.attendees)))
    await uow.session.flush()
    return a


async def grant_benefit(uow: UnitOfWork, cmd: GrantBenefit) -> RetireeBenefit:
    """A benefit by policy: personal, it publishes nothing (records.rules)."""
    await _retired(uow, cmd.cadre_id)
    check_amount(cmd.amount)
    check_period(cmd.period, cmd.period_from, cmd.period_to)
    b = RetireeBenefit(
        id=new_id(),
        cadre_id=cmd.cadre_id,
        policy=cmd.policy,
        kind=cmd.kind.value,
        amount=cmd.amount,
        period=cmd.period.value,
        period_from=cmd.period_from,
        period_to=cmd.period_to,
        created_at=uow.now,
    )
    uow.session.add(b)
    await uow.session.flush()
    return b


async def plan_visit(uow: UnitOfWork, cmd: PlanVisit) -> RetireeVisit:
    await _retired(uow, cmd.cadre_id)
    await serving_cadre(uow, cmd.by_cadre_id, "by_cadre_id")
    check_planned(cmd.planned_on, uow.today)
    v = RetireeVisit(
        id=new_id(),
        cadre_id=cmd.cadre_id,
        planned_on=cmd.planned_on,
        by_cadre_id=cmd.by_cadre_id,
        state=VisitState.planned.value,
        created_at=uow.now,
    )
    uow.session.add(v)
    await uow.session.flush()
    await deadlines.set(uow, RETIREE_VISIT, v.id, v.planned_on)
    await uow.session.flush()
    await deadlines.run_once(uow, uow.today)  # planned inside the notice period: due at once
    return v


async def record_visit(uow: UnitOfWork, cmd: RecordVisit) -> RetireeVisit:
    v = await get_or_404(uow.session, RetireeVisit, "retiree_visit", cmd.visit_id, for_update=True)
    v.state = VISITS.apply(VisitState(v.state), "record").value
    check_visited(cmd.visited_on, uow.today)
    v.visited_on = cmd.visited_on
    v.notes = cmd.notes
    await deadlines.meet(uow, RETIREE_VISIT, v.id, cmd.visited_on)
    uow.emit(v.id, RetireeVisitRecorded(visit_id=v.id, planned_on=v.planned_on, visited_on=cmd.visited_on))
    await uow.session.flush()
    return v


async def cancel_visit(uow: UnitOfWork, visit_id: str) -> RetireeVisit:
    """A plan dropped; its date is no longer watched (the board item closes as for a recorded visit)."""
    v = await get_or_404(uow.session, RetireeVisit, "retiree_visit", visit_id, for_update=True)
    v.state = VISITS.apply(VisitState(v.state), "cancel").value
    await deadlines.cancel(uow, RETIREE_VISIT, v.id)
    uow.emit(v.id, RetireeVisitCancelled(visit_id=v.id, planned_on=v.planned_on))
    await uow.session.flush()
    return v
