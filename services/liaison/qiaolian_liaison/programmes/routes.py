"""HTTP routes of study tours, training courses and festival invitations and their registrations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import CountryCode, Id
from qiaolian_contracts.events.liaison import ProgrammeKind

from . import commands, queries
from .rules import REGISTRATIONS, RegistrationState
from .tables import Programme, Registration

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class NewProgramme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ProgrammeKind
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    starts_on: Day
    ends_on: Day
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
        return cls(
            id=p.id,
            kind=ProgrammeKind(p.kind),
            title=p.title,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            capacity=p.capacity,
            state=p.state,
            approved=approved,
            waitlisted=waitlisted,
        )


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
        return cls(
            id=r.id,
            programme_id=r.programme_id,
            person_id=r.person_id,
            name=r.name,
            country=r.country,
            state=state,
            registered_at=r.registered_at,
            checked_in_on=r.checked_in_on,
            waitlist_position=position,
            allowed_commands=REGISTRATIONS.commands(state),
        )


router = APIRouter(tags=["study tours, training and festival invitations"])


async def _out(session: Any, p: Programme) -> ProgrammeOut:
    return ProgrammeOut.of(p, *await queries.seats(session, p.id))


@router.post(
    "/programmes",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Open a study tour, training course or festival invitation",
)
async def post_programme(body: NewProgramme, request: Request) -> ProgrammeOut:
    async with get_service(request).uow() as uow:
        return ProgrammeOut.of(await commands.open_programme(uow, commands.OpenProgramme(**body.model_dump())))


@router.get("/programmes", dependencies=[permit("liaison.read")], summary="List programmes")
async def list_programmes(
    request: Request,
    kind: ProgrammeKind | None = None,
    state: Literal["open", "closed"] | None = None,
    starting_from: Day | None = None,
    starting_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ProgrammeOut]:
    stmt = queries.programmes(kind=kind, state=state, starting_from=starting_from, starting_to=starting_to)
    async with get_service(request).db.sessions() as s:
        result = await paginate(s, stmt, page, lambda p: p)
        items = [await _out(s, p) for p in result.items]
    return result.with_items(items)


@router.get(
    "/programmes/{programme_id}",
    dependencies=[permit("liaison.read")],
    summary="One programme with its seats taken and waitlist",
)
async def get_programme(programme_id: str, request: Request) -> ProgrammeOut:
    async with get_service(request).db.sessions() as s:
        return await _out(s, await get_or_404(s, Programme, "programme", programme_id))


@router.post("/programmes/{programme_id}/close", dependencies=[permit("liaison.write")], summary="Close registration")
async def post_close(programme_id: str, request: Request) -> ProgrammeOut:
    async with get_service(request).uow() as uow:
        p = await commands.close_programme(uow, commands.CloseProgramme(programme_id))
        return await _out(uow.session, p)


@router.post(
    "/programmes/{programme_id}/registrations",
    dependencies=[permit("liaison.write")],
    status_code=201,
    summary="Register a participant",
)
async def post_registration(programme_id: str, body: NewRegistration, request: Request) -> RegistrationOut:
    async with get_service(request).uow() as uow:
        return RegistrationOut.of(
            await commands.register(uow, commands.Register(programme_id=programme_id, **body.model_dump()))
        )


@router.get(
    "/programmes/{programme_id}/registrations",
    dependencies=[permit("liaison.read")],
    summary="Registrations; the waitlist in its order",
)
async def list_registrations(
    programme_id: str,
    request: Request,
    state: RegistrationState | None = None,
    country: CountryCode | None = None,
    page: PageParams = Depends(page_params),
) -> Page[RegistrationOut]:
    stmt = queries.registrations(programme_id, state=state, country=country)
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Programme, "programme", programme_id)
        page_ = await paginate(s, stmt, page, lambda r: r)
        position = await queries.waitlist_positions(s, programme_id)
    return page_.with_items([RegistrationOut.of(r, position.get(r.id)) for r in page_.items])


@router.get(
    "/programmes/{programme_id}/attendance",
    dependencies=[permit("liaison.read")],
    summary="Attendance list: the participants who checked in",
)
async def attendance(
    programme_id: str, request: Request, page: PageParams = Depends(page_params)
) -> Page[RegistrationOut]:
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Programme, "programme", programme_id)
        return await paginate(s, queries.attendance(programme_id), page, RegistrationOut.of)


RegistrationCommand = Callable[[str, str], Any]


def _command(
    name: str, command: RegistrationCommand, handle: Callable[[UnitOfWork, Any], Awaitable[Registration]], summary: str
) -> None:
    """POST /programmes/{id}/registrations/{id}/<name>: one route per registration command."""

    async def handler(programme_id: str, registration_id: str, request: Request) -> RegistrationOut:
        async with get_service(request).uow() as uow:
            return RegistrationOut.of(await handle(uow, command(programme_id, registration_id)))

    router.add_api_route(
        f"/programmes/{{programme_id}}/registrations/{{registration_id}}/{name.replace('_', '-')}",
        handler,
        methods=["POST"],
        summary=summary,
        dependencies=[permit("liaison.write")],  # admitting participants is the office's daily work
        name=f"registration_{name}",
    )


_command(
    "approve", commands.ApproveRegistration, commands.approve, "Approve: a seat while there is one, else the waitlist"
)
_command("reject", commands.RejectRegistration, commands.reject, "Reject a registration")
_command(
    "withdraw",
    commands.WithdrawRegistration,
    commands.withdraw,
    "Withdraw; a freed seat goes to the first on the waitlist",
)
_command("check_in", commands.CheckIn, commands.check_in, "Check in an approved participant during the programme")


@router.get("/registrations/{registration_id}", dependencies=[permit("liaison.read")], summary="One registration")
async def get_registration(registration_id: str, request: Request) -> RegistrationOut:
    async with get_service(request).db.sessions() as s:
        return RegistrationOut.of(await get_or_404(s, Registration, "registration", registration_id))
