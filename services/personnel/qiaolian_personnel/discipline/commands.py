"""Opening a case against a cadre and concluding it. Cases publish no events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.ids import new_id

from ..cadres.tables import Cadre
from .rules import CASES, CaseState, Outcome, check_conclusion
from .tables import DisciplineCase


@dataclass(frozen=True)
class OpenCase:
    cadre_id: str
    opened_on: date
    allegation: str


@dataclass(frozen=True)
class ConcludeCase:
    case_id: str
    outcome: Outcome
    concluded_on: date


async def open_case(uow: UnitOfWork, cmd: OpenCase) -> DisciplineCase:
    if await uow.session.get(Cadre, cmd.cadre_id) is None:
        raise Invalid("cadre_id", "no such cadre")
    c = DisciplineCase(
        id=new_id(),
        cadre_id=cmd.cadre_id,
        opened_on=cmd.opened_on,
        allegation=cmd.allegation,
        state=CaseState.opened.value,
        created_at=uow.now,
    )
    uow.session.add(c)
    return c


async def conclude(uow: UnitOfWork, cmd: ConcludeCase) -> DisciplineCase:
    c: DisciplineCase = await get_or_404(uow.session, DisciplineCase, "discipline case", cmd.case_id, for_update=True)
    state = CASES.apply(CaseState(c.state), "conclude")
    check_conclusion(c.opened_on, cmd.concluded_on)
    c.state, c.outcome, c.concluded_on = state.value, cmd.outcome.value, cmd.concluded_on
    return c
