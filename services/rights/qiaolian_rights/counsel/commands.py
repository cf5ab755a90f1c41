"""Counsel commands: appoint (a committee member with the committee's role), renew a term (moves the scheduler's deadline), end a term early (cancels
it and publishes `counsel.term_ended` at once). The scheduler publishes the end of a term that runs
out, once, the day after its last day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import (
    COMMITTEE_ROLE,
    Committee,
    CounselAppointed,
    CounselRole,
    CounselTermEnded,
)
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from .deadlines import TERM
from .rules import TRANSITIONS, state_on
from .tables import Counsel


@dataclass(frozen=True)
class AppointCounsel:
    name: str
    role: CounselRole
    term_from: date
    term_to: date
    organisation: str | None = None
    committee: Committee | None = None


@dataclass(frozen=True)
class RenewTerm:
    counsel_id: str
    term_to: date


@dataclass(frozen=True)
class EndTermEarly:
    counsel_id: str
    ended_on: date | None = None  # today when not given


async def appoint(uow: UnitOfWork, cmd: AppointCounsel) -> Counsel:
    if cmd.term_to < cmd.term_from:
        raise Invalid("term_to", "cannot be before term_from")
    if cmd.committee is not None and COMMITTEE_ROLE[cmd.committee] is not cmd.role:
        raise Invalid("role", f"a member of {cmd.committee.value} is a {COMMITTEE_ROLE[cmd.committee].value}")
    c = Counsel(
        id=new_id(),
        name=cmd.name,
        role=cmd.role.value,
        committee=cmd.committee.value if cmd.committee else None,
        organisation=cmd.organisation,
        term_from=cmd.term_from,
        term_to=cmd.term_to,
        state="serving",
        created_at=uow.now,
    )
    uow.session.add(c)
    await deadlines.set(uow, TERM, c.id, cmd.term_to)
    uow.emit(
        c.id,
        CounselAppointed(
            counsel_id=c.id, role=cmd.role, term_from=cmd.term_from, term_to=cmd.term_to, committee=cmd.committee
        ),
    )
    return c


async def _load(uow: UnitOfWork, counsel_id: str, command: str) -> Counsel:
    c: Counsel = await get_or_404(uow.session, Counsel, "counsel", counsel_id, for_update=True)
    if state_on(c.state, c.term_to, uow.today) != c.state:
        c.state, c.ended_on = "ended", c.term_to  # the term ran out (the scheduler publishes the fact)
    TRANSITIONS.apply(c.state, command)
    return c


async def renew(uow: UnitOfWork, cmd: RenewTerm) -> Counsel:
    c = await _load(uow, cmd.counsel_id, "renew")
    if cmd.term_to <= c.term_to:
        raise Invalid("term_to", f"must be after the current end of term ({c.term_to})")
    c.term_to = cmd.term_to
    await deadlines.set(uow, TERM, c.id, cmd.term_to)
    uow.emit(
        c.id,
        CounselAppointed(
            counsel_id=c.id,
            role=CounselRole(c.role),
            term_from=c.term_from,
            term_to=cmd.term_to,
            committee=Committee(c.committee) if c.committee else None,
        ),
    )
    return c


async def end_early(uow: UnitOfWork, cmd: EndTermEarly) -> Counsel:
    c = await _load(uow, cmd.counsel_id, "end")
    ended_on = cmd.ended_on or uow.today
    if not c.term_from <= ended_on <= c.term_to:
        raise Invalid("ended_on", f"must be within the term ({c.term_from} to {c.term_to})")
    c.state, c.ended_on = TRANSITIONS.apply(c.state, "end"), ended_on
    await deadlines.cancel(uow, TERM, c.id)
    uow.emit(c.id, CounselTermEnded(counsel_id=c.id, ended_on=ended_on, early=True))
    return c
