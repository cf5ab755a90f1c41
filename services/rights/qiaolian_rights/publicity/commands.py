"""Publicity and enforcement commands: record a session, record an implementation issue, record its
rectification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import EnforcementIssueRecorded, EnforcementIssueRectified, OutreachHeld
from qiaolian_contracts.ids import new_id

from ..dates import command_date
from .rules import TRANSITIONS
from .tables import EnforcementIssue, OutreachSession


@dataclass(frozen=True)
class HoldSession:
    title: str
    region: str
    held_on: date
    audience: int
    venue: str | None = None


@dataclass(frozen=True)
class RecordIssue:
    region: str
    law_area: str
    responsible_body: str
    description: str
    found_on: date


@dataclass(frozen=True)
class RectifyIssue:
    issue_id: str
    rectification: str
    rectified_on: date | None = None


async def hold_session(uow: UnitOfWork, cmd: HoldSession) -> OutreachSession:
    held_on = command_date(uow.today, cmd.held_on, "held_on", None, "")
    o = OutreachSession(
        id=new_id(),
        title=cmd.title,
        region=cmd.region,
        venue=cmd.venue,
        held_on=held_on,
        audience=cmd.audience,
        created_at=uow.now,
    )
    uow.session.add(o)
    uow.emit(o.id, OutreachHeld(session_id=o.id, region=o.region, held_on=held_on, audience=o.audience))
    return o


async def record_issue(uow: UnitOfWork, cmd: RecordIssue) -> EnforcementIssue:
    found_on = command_date(uow.today, cmd.found_on, "found_on", None, "")
    i = EnforcementIssue(
        id=new_id(),
        region=cmd.region,
        law_area=cmd.law_area,
        responsible_body=cmd.responsible_body,
        description=cmd.description,
        found_on=found_on,
        state="open",
        created_at=uow.now,
    )
    uow.session.add(i)
    uow.emit(i.id, EnforcementIssueRecorded(issue_id=i.id, region=i.region, law_area=i.law_area, found_on=found_on))
    return i


async def rectify(uow: UnitOfWork, cmd: RectifyIssue) -> EnforcementIssue:
    i: EnforcementIssue = await get_or_404(
        uow.session, EnforcementIssue, "enforcement issue", cmd.issue_id, for_update=True
    )
    state = TRANSITIONS.apply(i.state, "rectify")
    on = command_date(uow.today, cmd.rectified_on, "rectified_on", i.found_on, "the issue was found")
    i.state, i.rectified_on, i.rectification = state, on, cmd.rectification
    uow.emit(i.id, EnforcementIssueRectified(issue_id=i.id, rectified_on=on))
    return i
