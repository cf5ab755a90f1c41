"""The confidential mail register over HTTP (機要): `office.read`/`office.write`, and of those only the
pieces the signed-in person's clearance covers (the documents' rule); the others answer 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service

from ..documents.routes import cleared_for
from ..documents.rules import Classification
from . import commands, queries
from .rules import Direction, Disposal, MailState, allowed
from .tables import ConfidentialMail

router = APIRouter(prefix="/confidential-mail", tags=["confidential_mail"])


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    direction: Direction
    serial_number: Annotated[Text, StringConstraints(max_length=60)] = Field(
        description="the piece's number (機要編號)"
    )
    title: Annotated[Text, StringConstraints(max_length=300)]
    classification: Classification = Field(description="confidential, secret or top_secret; at most your clearance")
    counterpart: Annotated[Text, StringConstraints(max_length=200)] = Field(
        description="the sending or receiving organ"
    )
    copies: int = Field(ge=1, le=1000)
    handler_id: Annotated[Text, StringConstraints(max_length=64)] = Field(description="a cadre of the staff directory")
    registered_on: Day
    disposal: Disposal = Field(description="to be returned or destroyed")
    due_on: Day = Field(description="returned or destroyed by this date, after registered_on")


class MailOut(BaseModel):
    id: str
    direction: Direction
    serial_number: str
    title: str
    classification: Classification
    counterpart: str
    copies: int
    handler_id: str
    registered_on: date
    disposal: Disposal
    due_on: date
    state: MailState
    overdue: bool
    disposed_on: date | None
    created_at: datetime
    allowed_commands: list[str]

    @classmethod
    def of(cls, m: ConfidentialMail, on: date) -> MailOut:
        state = MailState(m.state)
        return cls(
            id=m.id,
            direction=Direction(m.direction),
            serial_number=m.serial_number,
            title=m.title,
            classification=Classification(m.classification),
            counterpart=m.counterpart,
            copies=m.copies,
            handler_id=m.handler_id,
            registered_on=m.registered_on,
            disposal=Disposal(m.disposal),
            due_on=m.due_on,
            state=state,
            overdue=state is MailState.held and m.due_on < on,
            disposed_on=m.disposed_on,
            created_at=m.created_at,
            allowed_commands=allowed(state, Disposal(m.disposal)),
        )


@router.get(
    "",
    dependencies=[permit("office.read")],
    summary="The register of confidential mail the caller is cleared for, the earliest return or destruction first",
)
async def list_mail(
    request: Request,
    direction: Direction | None = None,
    state: MailState | None = None,
    classification: Classification | None = None,
    handler_id: str | None = None,
    overdue: bool | None = None,
    page: PageParams = Depends(page_params),
    cleared: frozenset[str] = cleared_for("office.read"),
) -> Page[MailOut]:
    svc = get_service(request)
    on = today(svc.clock)
    stmt = queries.register(
        direction=direction,
        state=state,
        classification=classification,
        handler_id=handler_id,
        overdue=overdue,
        on=on,
        cleared=cleared,
    )
    async with svc.db.sessions() as s:
        return await paginate(s, stmt, page, lambda m: MailOut.of(m, on))


@router.post(
    "",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Register confidential mail received or sent (on the board until returned or destroyed)",
)
async def register_mail(
    body: RegisterIn, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> MailOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        m = await commands.register(uow, commands.RegisterMail(cleared=cleared, **body.model_dump()))
    return MailOut.of(m, today(svc.clock))


@router.get(
    "/{mail_id}",
    dependencies=[permit("office.read")],
    summary="A piece of confidential mail (404 unless cleared for it)",
)
async def get_mail(mail_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.read")) -> MailOut:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return MailOut.of(await queries.cleared_mail(s, mail_id, cleared), today(svc.clock))


@router.post(
    "/{mail_id}/return",
    dependencies=[permit("office.write")],
    summary="The piece was returned (to its sender, or back from its addressee)",
)
async def return_mail(mail_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")) -> MailOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        m = await commands.dispose(uow, mail_id, "return", cleared)
    return MailOut.of(m, today(svc.clock))


@router.post("/{mail_id}/destroy", dependencies=[permit("office.write")], summary="The piece was destroyed (銷毀)")
async def destroy_mail(
    mail_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> MailOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        m = await commands.dispose(uow, mail_id, "destroy", cleared)
    return MailOut.of(m, today(svc.clock))
