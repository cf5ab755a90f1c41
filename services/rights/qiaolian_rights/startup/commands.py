"""創業中華 commands: record an activity (`activity.held`); a base's application, its accreditation
until a date (`base.accredited`, its `valid_to` watched: see `deadlines`), rejection or revocation with
a reason (`base.revoked`: no longer watched)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import StartupActivityHeld, StartupBaseAccredited, StartupBaseRevoked
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from ..dates import command_date
from .deadlines import VALIDITY
from .rules import TRANSITIONS
from .tables import StartupActivity, StartupBase


@dataclass(frozen=True)
class HoldActivity:
    title: str
    kind: str
    region: str
    held_on: date
    participants: int
    projects_matched: int = 0


@dataclass(frozen=True)
class ApplyForAccreditation:
    name: str
    operator: str
    region: str
    focus: str
    applied_on: date | None = None


@dataclass(frozen=True)
class AccreditBase:
    base_id: str
    valid_to: date
    accredited_on: date | None = None


@dataclass(frozen=True)
class RejectBase:
    base_id: str
    reason: str
    on: date | None = None


@dataclass(frozen=True)
class RevokeBase:
    base_id: str
    reason: str
    on: date | None = None


async def hold_activity(uow: UnitOfWork, cmd: HoldActivity) -> StartupActivity:
    held_on = command_date(uow.today, cmd.held_on, "held_on", None, "")
    a = StartupActivity(
        id=new_id(),
        title=cmd.title,
        kind=cmd.kind,
        region=cmd.region,
        held_on=held_on,
        participants=cmd.participants,
        projects_matched=cmd.projects_matched,
        created_at=uow.now,
    )
    uow.session.add(a)
    uow.emit(
        a.id,
        StartupActivityHeld(
            activity_id=a.id,
            kind=a.kind,
            region=a.region,
            held_on=held_on,
            participants=a.participants,
            projects_matched=a.projects_matched,
        ),
    )
    return a


async def apply_for_accreditation(uow: UnitOfWork, cmd: ApplyForAccreditation) -> StartupBase:
    on = command_date(uow.today, cmd.applied_on, "applied_on", None, "")
    b = StartupBase(
        id=new_id(),
        name=cmd.name,
        operator=cmd.operator,
        region=cmd.region,
        focus=cmd.focus,
        applied_on=on,
        state="applied",
        created_at=uow.now,
    )
    uow.session.add(b)
    return b


async def _load(uow: UnitOfWork, base_id: str) -> StartupBase:
    b: StartupBase = await get_or_404(uow.session, StartupBase, "startup base", base_id, for_update=True)
    return b


async def accredit(uow: UnitOfWork, cmd: AccreditBase) -> StartupBase:
    b = await _load(uow, cmd.base_id)
    state = TRANSITIONS.apply(b.state, "accredit")
    on = command_date(uow.today, cmd.accredited_on, "accredited_on", b.applied_on, "the application")
    if cmd.valid_to <= on:
        raise Invalid("valid_to", "must be after the accreditation date")
    b.state, b.decided_on, b.valid_to = state, on, cmd.valid_to
    await deadlines.set(uow, VALIDITY, b.id, cmd.valid_to)
    uow.emit(
        b.id,
        StartupBaseAccredited(base_id=b.id, region=b.region, focus=b.focus, accredited_on=on, valid_to=cmd.valid_to),
    )
    return b


async def reject(uow: UnitOfWork, cmd: RejectBase) -> StartupBase:
    return await _decide(uow, cmd.base_id, "reject", cmd.reason, cmd.on)


async def revoke(uow: UnitOfWork, cmd: RevokeBase) -> StartupBase:
    b = await _decide(uow, cmd.base_id, "revoke", cmd.reason, cmd.on)
    await deadlines.cancel(uow, VALIDITY, b.id)
    uow.emit(b.id, StartupBaseRevoked(base_id=b.id, revoked_on=b.decided_on or uow.today))
    return b


async def _decide(uow: UnitOfWork, base_id: str, command: str, reason: str, on: date | None) -> StartupBase:
    b = await _load(uow, base_id)
    state = TRANSITIONS.apply(b.state, command)
    day = command_date(uow.today, on, "on", b.decided_on or b.applied_on, "the previous decision")
    b.state, b.decided_on, b.reason = state, day, reason
    return b
