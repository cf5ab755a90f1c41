"""Study tours, training courses and festival invitations: registration, approval, a waitlist when the
programme is full (first come, first served), check-in and the attendance list.

Participants' names and contact details stay here; events carry ids and outcomes only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import CountryCode, Id
from qiaolian_contracts.events.liaison import (
    ParticipantCheckedIn,
    ProgrammeKind,
    ProgrammeOpened,
    RegistrationDecided,
    RegistrationOutcome,
)
from qiaolian_contracts.ids import new_id

from .associations.tables import Person
from .database import Base
from .domain import (
    RegistrationState,
    approval_outcome,
    registration_commands,
    require_registration,
    seats_to_promote,
)
from .queries import get_or_404

OPENED = "qiaolian.liaison.programme.opened.v1"
DECIDED = "qiaolian.liaison.registration.decided.v1"
CHECKED_IN = "qiaolian.liaison.registration.checked_in.v1"
R = RegistrationState


class Programme(Base):
    __tablename__ = "programmes"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(30), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date, index=True)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    capacity: Mapped[int] = mapped_column(sa.Integer)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)  # open, closed
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Registration(Base):
    __tablename__ = "registrations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    programme_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    person_id: Mapped[str | None] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(100))
    country: Mapped[str] = mapped_column(sa.String(2))
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    checked_in_on: Mapped[date | None] = mapped_column(sa.Date)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class NewProgramme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ProgrammeKind
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    starts_on: date
    ends_on: date
    capacity: int = Field(ge=1, le=10_000)


class ProgrammeOut(BaseModel):
    id: str
    kind: ProgrammeKind
    title: str
    starts_on: date
    ends_on: date
    capacity: int
    state: str
    approved: int = Field(description="seats taken (approved or checked in)")
    waitlisted: int

    @classmethod
    def of(cls, p: Programme, approved: int = 0, waitlisted: int = 0) -> ProgrammeOut:
        return cls(id=p.id, kind=ProgrammeKind(p.kind), title=p.title, starts_on=p.starts_on, ends_on=p.ends_on,
                   capacity=p.capacity, state=p.state, approved=approved, waitlisted=waitlisted)


class NewRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    country: CountryCode
    person_id: Id | None = Field(None, description="the key person, when registered in liaison")


class RegistrationOut(BaseModel):
    id: str
    programme_id: str
    person_id: str | None
    name: str
    country: str
    state: RegistrationState
    registered_at: datetime
    checked_in_on: date | None
    waitlist_position: int | None = None
    allowed_commands: list[str]

    @classmethod
    def of(cls, r: Registration, position: int | None = None) -> RegistrationOut:
        state = RegistrationState(r.state)
        return cls(id=r.id, programme_id=r.programme_id, person_id=r.person_id, name=r.name, country=r.country,
                   state=state, registered_at=r.registered_at, checked_in_on=r.checked_in_on,
                   waitlist_position=position, allowed_commands=registration_commands(state))


# ---- commands ----------------------------------------------------------------------------------

SEATED = (R.approved.value, R.checked_in.value)


async def _counts(session: object, programme_id: str) -> tuple[int, int]:
    rows = (await session.execute(  # type: ignore[attr-defined]
        sa.select(Registration.state, sa.func.count()).where(Registration.programme_id == programme_id)
        .group_by(Registration.state))).all()
    by = dict(rows)
    return sum(by.get(s, 0) for s in SEATED), by.get(R.waitlisted.value, 0)


async def open_programme(uow: UnitOfWork, body: NewProgramme) -> Programme:
    if body.ends_on < body.starts_on:
        raise Invalid("ends_on", "must be on or after starts_on")
    p = Programme(id=new_id(), kind=body.kind.value, title=body.title, starts_on=body.starts_on,
                  ends_on=body.ends_on, capacity=body.capacity, state="open", created_at=uow.now)
    uow.session.add(p)
    uow.emit(p.id, ProgrammeOpened(programme_id=p.id, kind=body.kind, starts_on=p.starts_on,
                                           ends_on=p.ends_on, capacity=p.capacity))
    return p


async def _programme(uow: UnitOfWork, programme_id: str) -> Programme:
    p = await uow.session.get(Programme, programme_id, with_for_update=True)
    if p is None:
        raise NotFound(f"programme {programme_id} not found")
    return p


async def close_programme(uow: UnitOfWork, programme_id: str) -> Programme:
    p = await _programme(uow, programme_id)
    if p.state != "open":
        raise Conflict(f"programme {p.id} is already closed", current_state=p.state, allowed_commands=[])
    p.state = "closed"
    return p


async def register(uow: UnitOfWork, programme_id: str, body: NewRegistration, on: date) -> Registration:
    p = await _programme(uow, programme_id)
    if p.state != "open" or on > p.ends_on:
        raise Conflict(f"programme {p.id} no longer takes registrations", current_state=p.state,
                       allowed_commands=[])
    if body.person_id:
        person = await uow.session.get(Person, body.person_id)
        if person is None or person.merged_into is not None:
            raise Invalid("person_id", "no such person")
    same = (Registration.person_id == body.person_id) if body.person_id else sa.and_(
        Registration.name == body.name, Registration.country == body.country)
    taken = await uow.session.scalar(sa.select(Registration.id).where(
        Registration.programme_id == p.id, same, Registration.state.not_in((R.withdrawn.value, R.rejected.value))))
    if taken:
        raise Conflict("this participant is already registered for the programme", registration_id=taken)
    r = Registration(id=new_id(), programme_id=p.id, person_id=body.person_id, name=body.name, country=body.country,
                     state=R.pending.value, registered_at=uow.now)
    uow.session.add(r)
    return r


async def _registration(uow: UnitOfWork, programme_id: str, registration_id: str, command: str) -> Registration:
    r = await uow.session.get(Registration, registration_id, with_for_update=True)
    if r is None or r.programme_id != programme_id:
        raise NotFound(f"registration {registration_id} not found in programme {programme_id}")
    require_registration(RegistrationState(r.state), command)
    return r


def _decide(uow: UnitOfWork, r: Registration, outcome: RegistrationOutcome) -> None:
    r.state, r.decided_at = outcome.value, uow.now
    uow.emit(r.id, RegistrationDecided(registration_id=r.id, programme_id=r.programme_id, outcome=outcome))


async def approve(uow: UnitOfWork, programme_id: str, registration_id: str) -> Registration:
    p = await _programme(uow, programme_id)
    r = await _registration(uow, programme_id, registration_id, "approve")
    approved, _ = await _counts(uow.session, p.id)
    _decide(uow, r, RegistrationOutcome(approval_outcome(approved, p.capacity).value))
    return r


async def _promote(uow: UnitOfWork, p: Programme) -> None:
    await uow.session.flush()
    approved, waitlisted = await _counts(uow.session, p.id)
    n = seats_to_promote(approved, p.capacity, waitlisted)
    if n:
        rows = (await uow.session.scalars(sa.select(Registration).where(
            Registration.programme_id == p.id, Registration.state == R.waitlisted.value)
            .order_by(Registration.registered_at, Registration.id).limit(n))).all()
        for w in rows:
            _decide(uow, w, RegistrationOutcome.approved)


async def reject(uow: UnitOfWork, programme_id: str, registration_id: str) -> Registration:
    r = await _registration(uow, programme_id, registration_id, "reject")
    _decide(uow, r, RegistrationOutcome.rejected)
    return r


async def withdraw(uow: UnitOfWork, programme_id: str, registration_id: str) -> Registration:
    p = await _programme(uow, programme_id)
    r = await _registration(uow, programme_id, registration_id, "withdraw")
    _decide(uow, r, RegistrationOutcome.withdrawn)
    await _promote(uow, p)  # a freed seat goes to the first on the waitlist
    return r


async def check_in(uow: UnitOfWork, programme_id: str, registration_id: str, on: date) -> Registration:
    p = await _programme(uow, programme_id)
    r = await _registration(uow, programme_id, registration_id, "check_in")
    if not p.starts_on <= on <= p.ends_on:
        raise Conflict(f"check-in is open from {p.starts_on} to {p.ends_on}", current_state=r.state,
                       allowed_commands=registration_commands(RegistrationState(r.state)))
    r.state, r.checked_in_on = R.checked_in.value, on
    uow.emit(r.id, ParticipantCheckedIn(registration_id=r.id, programme_id=p.id, checked_in_on=on))
    return r


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["study tours, training and festival invitations"])


async def _out(session: object, p: Programme) -> ProgrammeOut:
    approved, waitlisted = await _counts(session, p.id)
    return ProgrammeOut.of(p, approved, waitlisted)


@router.post("/programmes", status_code=201, summary="Open a study tour, training course or festival invitation")
async def post_programme(body: NewProgramme, request: Request) -> ProgrammeOut:
    async with get_service(request).uow() as uow:
        return ProgrammeOut.of(await open_programme(uow, body))


@router.get("/programmes", summary="List programmes")
async def list_programmes(request: Request, kind: ProgrammeKind | None = None,
                          state: Literal["open", "closed"] | None = None, starting_from: date | None = None,
                          starting_to: date | None = None,
                          page: PageParams = Depends(page_params)) -> Page[ProgrammeOut]:
    stmt = sa.select(Programme)
    if kind:
        stmt = stmt.where(Programme.kind == kind.value)
    if state:
        stmt = stmt.where(Programme.state == state)
    if starting_from:
        stmt = stmt.where(Programme.starts_on >= starting_from)
    if starting_to:
        stmt = stmt.where(Programme.starts_on <= starting_to)
    async with get_service(request).db.sessions() as s:
        result = await paginate(s, stmt.order_by(Programme.starts_on, Programme.id), page, lambda p: p)
        items = [await _out(s, p) for p in result.items]
    return Page(items=items, total=result.total, limit=result.limit, offset=result.offset)


@router.get("/programmes/{programme_id}", summary="One programme with its seats taken and waitlist")
async def get_programme(programme_id: str, request: Request) -> ProgrammeOut:
    async with get_service(request).db.sessions() as s:
        p = await s.get(Programme, programme_id)
        if p is None:
            raise NotFound(f"programme {programme_id} not found")
        return await _out(s, p)


@router.post("/programmes/{programme_id}/close", summary="Close registration")
async def post_close(programme_id: str, request: Request) -> ProgrammeOut:
    async with get_service(request).uow() as uow:
        p = await close_programme(uow, programme_id)
        return await _out(uow.session, p)


@router.post("/programmes/{programme_id}/registrations", status_code=201, summary="Register a participant")
async def post_registration(programme_id: str, body: NewRegistration, request: Request) -> RegistrationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        return RegistrationOut.of(await register(uow, programme_id, body, today(svc.clock)))


@router.get("/programmes/{programme_id}/registrations", summary="Registrations; the waitlist in its order")
async def list_registrations(programme_id: str, request: Request, state: RegistrationState | None = None,
                             country: CountryCode | None = None,
                             page: PageParams = Depends(page_params)) -> Page[RegistrationOut]:
    stmt = sa.select(Registration).where(Registration.programme_id == programme_id)
    if state:
        stmt = stmt.where(Registration.state == state.value)
    if country:
        stmt = stmt.where(Registration.country == country)
    async with get_service(request).db.sessions() as s:
        if await s.get(Programme, programme_id) is None:
            raise NotFound(f"programme {programme_id} not found")
        page_ = await paginate(s, stmt.order_by(Registration.registered_at, Registration.id), page, lambda r: r)
        waitlist = (await s.scalars(sa.select(Registration.id).where(
            Registration.programme_id == programme_id, Registration.state == R.waitlisted.value)
            .order_by(Registration.registered_at, Registration.id))).all()
    position = {rid: i + 1 for i, rid in enumerate(waitlist)}
    return Page(items=[RegistrationOut.of(r, position.get(r.id)) for r in page_.items], total=page_.total,
                limit=page_.limit, offset=page_.offset)


@router.get("/programmes/{programme_id}/attendance", summary="Attendance list: the participants who checked in")
async def attendance(programme_id: str, request: Request,
                     page: PageParams = Depends(page_params)) -> Page[RegistrationOut]:
    stmt = sa.select(Registration).where(Registration.programme_id == programme_id,
                                         Registration.state == R.checked_in.value)
    async with get_service(request).db.sessions() as s:
        if await s.get(Programme, programme_id) is None:
            raise NotFound(f"programme {programme_id} not found")
        return await paginate(s, stmt.order_by(Registration.name, Registration.id), page, RegistrationOut.of)


def _command(name: str, command: Callable[..., Awaitable[Registration]], summary: str, dated: bool = False) -> None:
    """POST /programmes/{id}/registrations/{id}/<name>: one route per registration command."""

    async def handler(programme_id: str, registration_id: str, request: Request) -> RegistrationOut:
        svc = get_service(request)
        async with svc.uow() as uow:
            extra = (today(svc.clock),) if dated else ()
            return RegistrationOut.of(await command(uow, programme_id, registration_id, *extra))

    router.add_api_route(f"/programmes/{{programme_id}}/registrations/{{registration_id}}/{name.replace('_', '-')}",
                         handler, methods=["POST"], summary=summary, name=f"registration_{name}")


_command("approve", approve, "Approve: a seat while there is one, else the waitlist")
_command("reject", reject, "Reject a registration")
_command("withdraw", withdraw, "Withdraw; a freed seat goes to the first on the waitlist")
_command("check_in", check_in, "Check in an approved participant during the programme", dated=True)


@router.get("/registrations/{registration_id}", summary="One registration")
async def get_registration(registration_id: str, request: Request) -> RegistrationOut:
    return RegistrationOut.of(await get_or_404(request, Registration, "registration", registration_id))
