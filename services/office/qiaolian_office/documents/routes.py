"""Official documents over HTTP. The caller's clearance comes from the token (`Principal.clearance`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, StringConstraints

from qiaolian_chassis.auth import Principal, permit, signer_of
from qiaolian_chassis.http import Day, Page, PageParams, Text, YearQuery, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries, rules
from .rules import INCOMING, OUTGOING, Classification, IncomingState, OutgoingState, Urgency
from .tables import IncomingDocument, OutgoingDocument

router = APIRouter(prefix="/documents", tags=["documents"])


def cleared_for(permission: str) -> Any:
    """A FastAPI dependency: the classifications the signed-in person may read, on a route that needs
    `permission`."""

    async def cleared(who: Principal = permit(permission)) -> frozenset[str]:
        return rules.readable(who.clearance)

    return Depends(cleared)


class RegisterIncoming(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_organ: Annotated[Text, StringConstraints(max_length=200)]
    source_number: Annotated[Text, StringConstraints(max_length=60)]
    title: Annotated[Text, StringConstraints(max_length=300)]
    classification: Classification = Classification.internal
    urgency: Urgency = Urgency.normal
    received_on: Day


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Office
    handling_due: Day


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=300)]
    prefix: Annotated[Text, StringConstraints(max_length=20)]
    classification: Classification = Classification.internal
    drafting_office: Office


class IncomingOut(BaseModel):
    id: str
    source_organ: str
    source_number: str
    title: str
    classification: Classification
    urgency: Urgency
    received_on: date
    state: IncomingState
    office: Office | None
    handling_due: date | None
    handled_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, d: IncomingDocument) -> IncomingOut:
        state = IncomingState(d.state)
        return cls(
            id=d.id,
            source_organ=d.source_organ,
            source_number=d.source_number,
            title=d.title,
            classification=Classification(d.classification),
            urgency=Urgency(d.urgency),
            received_on=d.received_on,
            state=state,
            office=Office(d.office) if d.office else None,
            handling_due=d.handling_due,
            handled_on=d.handled_on,
            allowed_commands=INCOMING.commands(state),
        )


class OutgoingOut(BaseModel):
    id: str
    title: str
    prefix: str
    classification: Classification
    drafting_office: Office
    state: OutgoingState
    signed_by: str | None
    signed_on: date | None
    number: str | None
    sealed_by: str | None
    sealed_on: date | None
    year: int | None
    sequence: int | None
    dispatched_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, d: OutgoingDocument) -> OutgoingOut:
        state = OutgoingState(d.state)
        return cls(
            id=d.id,
            title=d.title,
            prefix=d.prefix,
            classification=Classification(d.classification),
            drafting_office=Office(d.drafting_office),
            state=state,
            signed_by=d.signed_by,
            signed_on=d.signed_on,
            number=d.number,
            sealed_by=d.sealed_by,
            sealed_on=d.sealed_on,
            year=d.year,
            sequence=d.sequence,
            dispatched_on=d.dispatched_on,
            allowed_commands=OUTGOING.commands(state),
        )


@router.post(
    "/incoming",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Register an incoming official document (收文)",
)
async def register_incoming_document(body: RegisterIncoming, request: Request) -> IncomingOut:
    async with get_service(request).uow() as uow:
        d = await commands.register_incoming(uow, commands.RegisterIncoming(**body.model_dump()))
    return IncomingOut.of(d)


@router.get(
    "/incoming",
    dependencies=[permit("office.read")],
    summary="Incoming documents the caller is cleared for, most urgent first",
)
async def list_incoming(
    request: Request,
    state: IncomingState | None = None,
    office: Office | None = None,
    urgency: Urgency | None = None,
    classification: Classification | None = None,
    q: str | None = Query(None, min_length=1, max_length=100, description="part of the title"),
    cleared: frozenset[str] = cleared_for("office.read"),
    page: PageParams = Depends(page_params),
) -> Page[IncomingOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(
            s,
            queries.incoming(
                cleared=cleared, state=state, office=office, urgency=urgency, classification=classification, q=q
            ),
            page,
            IncomingOut.of,
        )


@router.get("/incoming/{doc_id}", dependencies=[permit("office.read")], summary="An incoming document")
async def get_incoming(
    doc_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.read")
) -> IncomingOut:
    async with get_service(request).db.sessions() as s:
        return IncomingOut.of(await queries.cleared_document(s, IncomingDocument, "incoming document", doc_id, cleared))


@router.post(
    "/incoming/{doc_id}/route",
    dependencies=[permit("office.write")],
    summary="Route to an office with a handling deadline (on the board)",
)
async def route_incoming(
    doc_id: str, body: Route, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> IncomingOut:
    async with get_service(request).uow() as uow:
        d = await commands.route(uow, commands.RouteDocument(document_id=doc_id, cleared=cleared, **body.model_dump()))
    return IncomingOut.of(d)


@router.post(
    "/incoming/{doc_id}/complete",
    dependencies=[permit("office.write")],
    summary="Record that the office has handled the document",
)
async def complete_incoming(
    doc_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> IncomingOut:
    async with get_service(request).uow() as uow:
        d = await commands.complete(uow, commands.CompleteDocument(document_id=doc_id, cleared=cleared))
    return IncomingOut.of(d)


@router.post(
    "/outgoing",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Start drafting an outgoing document (發文)",
)
async def draft_outgoing(body: Draft, request: Request) -> OutgoingOut:
    async with get_service(request).uow() as uow:
        d = await commands.draft(uow, commands.DraftOutgoing(**body.model_dump()))
    return OutgoingOut.of(d)


@router.get("/outgoing", dependencies=[permit("office.read")], summary="Outgoing documents the caller is cleared for")
async def list_outgoing(
    request: Request,
    state: OutgoingState | None = None,
    drafting_office: Office | None = None,
    prefix: str | None = None,
    year: YearQuery = None,
    classification: Classification | None = None,
    q: str | None = Query(None, min_length=1, max_length=100, description="part of the title"),
    cleared: frozenset[str] = cleared_for("office.read"),
    page: PageParams = Depends(page_params),
) -> Page[OutgoingOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(
            s,
            queries.outgoing(
                cleared=cleared,
                state=state,
                drafting_office=drafting_office,
                prefix=prefix,
                year=year,
                classification=classification,
                q=q,
            ),
            page,
            OutgoingOut.of,
        )


@router.get("/outgoing/{doc_id}", dependencies=[permit("office.read")], summary="An outgoing document")
async def get_outgoing(
    doc_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.read")
) -> OutgoingOut:
    async with get_service(request).db.sessions() as s:
        return OutgoingOut.of(await queries.cleared_document(s, OutgoingDocument, "outgoing document", doc_id, cleared))


@router.post("/outgoing/{doc_id}/submit", dependencies=[permit("office.write")], summary="Submit a draft for review")
async def submit_outgoing(
    doc_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> OutgoingOut:
    async with get_service(request).uow() as uow:
        d = await commands.submit(uow, commands.OnOutgoing(doc_id, cleared))
    return OutgoingOut.of(d)


@router.post(
    "/outgoing/{doc_id}/return",
    dependencies=[permit("office.write")],
    summary="Return a document in review to drafting",
)
async def return_outgoing(
    doc_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> OutgoingOut:
    async with get_service(request).uow() as uow:
        d = await commands.send_back(uow, commands.OnOutgoing(doc_id, cleared))
    return OutgoingOut.of(d)


@router.post("/outgoing/{doc_id}/sign", summary="Sign off (簽發) a reviewed document")
async def sign_outgoing(doc_id: str, request: Request, who: Principal = permit("office.approve")) -> OutgoingOut:
    """Signed by the signed-in person (their cadre id, else their account); a body is ignored."""
    async with get_service(request).uow() as uow:
        d = await commands.sign(uow, commands.SignOutgoing(doc_id, rules.readable(who.clearance), signer_of(who)))
    return OutgoingOut.of(d)


@router.post(
    "/outgoing/{doc_id}/number",
    dependencies=[permit("office.write")],
    summary="Give a signed document the next number of its prefix and year",
)
async def number_outgoing(
    doc_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> OutgoingOut:
    async with get_service(request).uow() as uow:
        d = await commands.number(uow, commands.OnOutgoing(doc_id, cleared))
    return OutgoingOut.of(d)


@router.post("/outgoing/{doc_id}/seal", summary="Apply the seal (用印) to a signed, numbered document")
async def seal_outgoing(doc_id: str, request: Request, who: Principal = permit("office.write")) -> OutgoingOut:
    """Sealed by the signed-in person (their cadre id, else their account), who keeps the seal."""
    async with get_service(request).uow() as uow:
        d = await commands.seal(uow, commands.SealOutgoing(doc_id, rules.readable(who.clearance), signer_of(who)))
    return OutgoingOut.of(d)


@router.post(
    "/outgoing/{doc_id}/dispatch",
    dependencies=[permit("office.write")],
    summary="Dispatch a sealed document (publishes document.issued)",
)
async def dispatch_outgoing(
    doc_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> OutgoingOut:
    async with get_service(request).uow() as uow:
        d = await commands.dispatch(uow, commands.OnOutgoing(doc_id, cleared))
    return OutgoingOut.of(d)
