"""The duty log (值班記錄): what the cadre on duty records about the day. Only the duty's own cadre, on
its day, in a published roster; the entry's time falls on that day (Beijing time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.ids import new_id

from .rules import TRANSITIONS, Outcome, RosterState
from .tables import DutyAssignment, DutyLogEntry, DutyRoster


@dataclass(frozen=True)
class LogDuty:
    roster_id: str
    duty_on: date
    cadre_id: str  # the cadre on duty that day, who records the entry
    occurred_at: datetime
    summary: str
    outcome: Outcome
    escalated_to: str | None = None


async def log(uow: UnitOfWork, cmd: LogDuty) -> DutyLogEntry:
    r: DutyRoster = await get_or_404(uow.session, DutyRoster, "duty roster", cmd.roster_id)
    TRANSITIONS.require(RosterState(r.state), "log")
    duty = await uow.session.scalar(
        sa.select(DutyAssignment).where(
            DutyAssignment.roster_id == r.id,
            DutyAssignment.duty_on == cmd.duty_on,
            DutyAssignment.cadre_id == cmd.cadre_id,
        )
    )
    if duty is None:
        if not await uow.session.scalar(
            sa.select(DutyAssignment.id)
            .where(DutyAssignment.roster_id == r.id, DutyAssignment.duty_on == cmd.duty_on)
            .limit(1)
        ):
            raise Invalid("duty_on", "is not a duty day of this roster")
        raise Invalid("cadre_id", "is not on duty on that day in this roster")
    # compared with the day's bounds, not converted: a time near the ends of the calendar cannot be
    # moved to Beijing time (OverflowError)
    day_begins = datetime.combine(cmd.duty_on, time(), CHINA)
    if not day_begins <= cmd.occurred_at < day_begins + timedelta(days=1):
        raise Invalid("occurred_at", "must fall on the duty day (Beijing time)")
    if cmd.occurred_at > uow.now:
        raise Invalid("occurred_at", "cannot be in the future")
    if (cmd.outcome is Outcome.escalated) != bool(cmd.escalated_to):
        raise Invalid("escalated_to", "is required when the outcome is escalated, and only then")
    e = DutyLogEntry(
        id=new_id(),
        roster_id=r.id,
        assignment_id=duty.id,
        duty_on=cmd.duty_on,
        cadre_id=cmd.cadre_id,
        occurred_at=cmd.occurred_at,
        summary=cmd.summary,
        outcome=cmd.outcome.value,
        escalated_to=cmd.escalated_to,
        created_at=uow.now,
    )
    uow.session.add(e)
    return e
