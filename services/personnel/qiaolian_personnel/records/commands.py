"""Recording an assessment, a pay change, or the care of a retired cadre."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.ids import new_id

from ..cadres.commands import serving_cadre
from ..cadres.rules import CadreState
from ..cadres.tables import Cadre
from .rules import BenefitKind, CareKind, Grade, PayKind, check_care, check_pay_change
from .tables import Assessment, PayChange, RetireeCare


@dataclass(frozen=True)
class AssessCadre:
    cadre_id: str
    year: int
    grade: Grade


@dataclass(frozen=True)
class RecordPayChange:
    cadre_id: str
    kind: PayKind
    effective_on: date
    amount_before: Decimal
    amount_after: Decimal
    reason: str


@dataclass(frozen=True)
class RecordRetireeCare:
    cadre_id: str
    kind: CareKind
    on: date
    title: str
    benefit: BenefitKind | None = None
    amount: Decimal | None = None
    by_cadre_id: str | None = None  # the serving cadre who visited


async def assess(uow: UnitOfWork, cmd: AssessCadre) -> Assessment:
    c = await get_or_404(uow.session, Cadre, "cadre", cmd.cadre_id)
    if await uow.session.scalar(
        sa.select(Assessment.id).where(Assessment.cadre_id == c.id, Assessment.year == cmd.year)
    ):
        raise Conflict(f"cadre {c.id} already has an assessment for {cmd.year}")
    a = Assessment(id=new_id(), cadre_id=c.id, year=cmd.year, grade=cmd.grade.value, created_at=uow.now)
    uow.session.add(a)
    return a


async def change_pay(uow: UnitOfWork, cmd: RecordPayChange) -> PayChange:
    c = await get_or_404(uow.session, Cadre, "cadre", cmd.cadre_id)
    check_pay_change(cmd.amount_before, cmd.amount_after)
    p = PayChange(
        id=new_id(),
        cadre_id=c.id,
        kind=cmd.kind.value,
        effective_on=cmd.effective_on,
        amount_before=cmd.amount_before,
        amount_after=cmd.amount_after,
        reason=cmd.reason,
        created_at=uow.now,
    )
    uow.session.add(p)
    return p


async def record_care(uow: UnitOfWork, cmd: RecordRetireeCare) -> RetireeCare:
    c = await get_or_404(uow.session, Cadre, "cadre", cmd.cadre_id)
    if c.state != CadreState.retired.value:
        raise Conflict(f"cadre {c.id} is not retired", current_state=c.state)
    check_care(cmd.kind, cmd.benefit, cmd.amount)
    if cmd.by_cadre_id is not None:
        await serving_cadre(uow, cmd.by_cadre_id, "by_cadre_id")
    r = RetireeCare(
        id=new_id(),
        cadre_id=c.id,
        kind=cmd.kind,
        on=cmd.on,
        title=cmd.title,
        benefit=cmd.benefit.value if cmd.benefit else None,
        amount=cmd.amount,
        by_cadre_id=cmd.by_cadre_id,
        created_at=uow.now,
    )
    uow.session.add(r)
    return r
