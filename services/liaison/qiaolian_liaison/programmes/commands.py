"""Commands on programmes and registrations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import (
    ParticipantCheckedIn,
    ProgrammeKind,
    ProgrammeOpened,
    RegistrationDecided,
    RegistrationOutcome,
)
from qiaolian_contracts.ids import new_id

from ..associations.tables import Person
from . import rules
from .queries import seats, waitlist
from .rules import FINISHED, REGISTRATIONS, RegistrationState
from .tables import Programme, Registration

R = RegistrationState


@dataclass(frozen=True)
class OpenProgramme:
    kind: ProgrammeKind
    title: str
    starts_on: date
    ends_on: date
    capacity: int


@dataclass(frozen=True)
class CloseProgramme:
    programme_id: str


@dataclass(frozen=True)
class Register:
    programme_id: str
    name: str
    country: str
    person_id: str | None = None


@dataclass(frozen=True)
class ApproveRegistration:
    programme_id: str
    registration_id: str


@dataclass(frozen=True)
class RejectRegistration:
    programme_id: str
    registration_id: str


@dataclass(frozen=True)
class WithdrawRegistration:
    programme_id: str
    registration_id: str


@dataclass(frozen=True)
class CheckIn:
    programme_id: str
    registration_id: str


async def open_programme(uow: UnitOfWork, cmd: OpenProgramme) -> Programme:
    rules.check_dates(cmd.starts_on, cmd.ends_on)
    p = Programme(
        id=new_id(),
        kind=cmd.kind.value,
        title=cmd.title,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        capacity=cmd.capacity,
        state="open",
        created_at=uow.now,
    )
    uow.session.add(p)
    uow.emit(
        p.id,
        ProgrammeOpened(
            programme_id=p.id, kind=cmd.kind, starts_on=p.starts_on, ends_on=p.ends_on, capacity=p.capacity
        ),
    )
    return p


async def _programme(uow: UnitOfWork, programme_id: str) -> Programme:
    programme: Programme = await get_or_404(uow.session, Programme, "programme", programme_id, for_update=True)
    return programme


async def close_programme(uow: UnitOfWork, cmd: CloseProgramme) -> Programme:
    p = await _programme(uow, cmd.programme_id)
    rules.check_closable(p.id, p.state)
    p.state = "closed"
    return p


async def register(uow: UnitOfWork, cmd: Register) -> Registration:
    p = await _programme(uow, cmd.programme_id)
    rules.check_open(p.id, p.state, p.ends_on, uow.today)
    if cmd.person_id:
        person = await uow.session.get(Person, cmd.person_id)
        if person is None or person.merged_into is not None:
            raise Invalid("person_id", "no such person")
    same = (
        (Registration.person_id == cmd.person_id)
        if cmd.person_id
        else sa.and_(Registration.name == cmd.name, Registration.country == cmd.country)
    )
    taken = await uow.session.scalar(
        sa.select(Registration.id).where(
            Registration.programme_id == p.id, same, Registration.state.not_in([s.value for s in FINISHED])
        )
    )
    if taken:
        raise Conflict("this participant is already registered for the programme", registration_id=taken)
    r = Registration(
        id=new_id(),
        programme_id=p.id,
        person_id=cmd.person_id,
        name=cmd.name,
        country=cmd.country,
        state=R.pending.value,
        registered_at=uow.now,
    )
    uow.session.add(r)
    return r


async def _registration(
    uow: UnitOfWork, programme_id: str, registration_id: str, command: str
) -> tuple[Registration, RegistrationState]:
    """The registration of the programme, locked, and the state `command` leads it to (409 when its state
    does not allow it)."""
    r = await uow.session.get(Registration, registration_id, with_for_update=True)
    if r is None or r.programme_id != programme_id:
        raise NotFound(f"registration {registration_id} not found in programme {programme_id}")
    return r, REGISTRATIONS.apply(RegistrationState(r.state), command)


def _decide(uow: UnitOfWork, r: Registration, outcome: RegistrationOutcome) -> None:
    r.state, r.decided_at = outcome.value, uow.now
    uow.emit(r.id, RegistrationDecided(registration_id=r.id, programme_id=r.programme_id, outcome=outcome))


async def approve(uow: UnitOfWork, cmd: ApproveRegistration) -> Registration:
    p = await _programme(uow, cmd.programme_id)
    r, _ = await _registration(uow, cmd.programme_id, cmd.registration_id, "approve")
    approved, _ = await seats(uow.session, p.id)
    _decide(uow, r, RegistrationOutcome(rules.approval_outcome(approved, p.capacity).value))
    return r


async def _promote(uow: UnitOfWork, p: Programme) -> None:
    """Freed seats go to the first on the waitlist."""
    await uow.session.flush()
    approved, waitlisted = await seats(uow.session, p.id)
    n = rules.seats_to_promote(approved, p.capacity, waitlisted)
    if n:
        for w in (await uow.session.scalars(waitlist(p.id).limit(n))).all():
            _decide(uow, w, RegistrationOutcome.approved)


async def reject(uow: UnitOfWork, cmd: RejectRegistration) -> Registration:
    r, after = await _registration(uow, cmd.programme_id, cmd.registration_id, "reject")
    _decide(uow, r, RegistrationOutcome(after.value))
    return r


async def withdraw(uow: UnitOfWork, cmd: WithdrawRegistration) -> Registration:
    p = await _programme(uow, cmd.programme_id)
    r, after = await _registration(uow, cmd.programme_id, cmd.registration_id, "withdraw")
    _decide(uow, r, RegistrationOutcome(after.value))
    await _promote(uow, p)
    return r


async def check_in(uow: UnitOfWork, cmd: CheckIn) -> Registration:
    p = await _programme(uow, cmd.programme_id)
    r, after = await _registration(uow, cmd.programme_id, cmd.registration_id, "check_in")
    rules.check_in_window(RegistrationState(r.state), p.starts_on, p.ends_on, uow.today)
    r.state, r.checked_in_on = after.value, uow.today
    uow.emit(r.id, ParticipantCheckedIn(registration_id=r.id, programme_id=p.id, checked_in_on=uow.today))
    return r
