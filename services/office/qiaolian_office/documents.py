"""Official documents (公文): incoming registration and routing (收文), outgoing drafting to dispatch (發文).

Incoming: `registered` → (route to an office with a handling deadline) `routed` → (complete) `handled`.
A routed document is an item of kind `document` on the supervision board until it is handled.
Outgoing: `drafting` → (submit) `in_review` → (sign, 簽發) `signed` → (number) `numbered` →
(dispatch) `dispatched`; `return` sends a document in review back to drafting.

Numbers are a gap-free sequence per prefix and year (e.g. 湘僑發〔2026〕12號), allocated from one counter
row updated in the numbering transaction: SQLite serialises writers (BEGIN IMMEDIATE), PostgreSQL
locks the row for the UPDATE ... RETURNING, so concurrent numbering never repeats or skips a number.

Classification: `public` and `internal` documents are visible to all staff; `confidential` (秘密) needs
the role `cleared_confidential` or `cleared_secret`, `secret` (機密) needs `cleared_secret`, from the
`X-Qiaolian-Role` header (comma-separated). A document the caller is not cleared for is not listed
and answers 404, so its existence is not revealed. Events carry no title and no source organ.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.db import insert_ignore
from qiaolian_chassis.errors import Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, caller_roles, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.statemachine import Transitions
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import DocumentIssued, DocumentReceived, DocumentRouted
from qiaolian_contracts.ids import new_id

from qiaolian_contracts.board import BoardItemKind

from .database import Base
from .supervision.commands import BoardItem, close_item, move_item, open_item

RECEIVED = "qiaolian.office.document.received.v1"
ROUTED = "qiaolian.office.document.routed.v1"
ISSUED = "qiaolian.office.document.issued.v1"


class Classification(StrEnum):
    public = "public"
    internal = "internal"
    confidential = "confidential"  # 秘密
    secret = "secret"  # 機密


class Urgency(StrEnum):
    normal = "normal"
    urgent = "urgent"  # 急件
    very_urgent = "very_urgent"  # 特急


class IncomingState(StrEnum):
    registered = "registered"
    routed = "routed"
    handled = "handled"


class OutgoingState(StrEnum):
    drafting = "drafting"
    in_review = "in_review"
    signed = "signed"
    numbered = "numbered"
    dispatched = "dispatched"


INCOMING = Transitions("incoming document", {
    "route": frozenset({IncomingState.registered, IncomingState.routed}),  # re-routing moves it
    "complete": frozenset({IncomingState.routed}),
})
OUTGOING = Transitions("outgoing document", {
    "submit": frozenset({OutgoingState.drafting}),
    "return": frozenset({OutgoingState.in_review}),
    "sign": frozenset({OutgoingState.in_review}),
    "number": frozenset({OutgoingState.signed}),
    "dispatch": frozenset({OutgoingState.numbered}),
})

CLEARANCE = {  # role -> the classifications it may read
    "cleared_confidential": {Classification.confidential},
    "cleared_secret": {Classification.confidential, Classification.secret},
}


def readable(roles: frozenset[str] = Depends(caller_roles)) -> frozenset[str]:
    """The classifications the caller may read."""
    levels = {Classification.public, Classification.internal}
    for role in roles:
        levels |= CLEARANCE.get(role, set())
    return frozenset(c.value for c in levels)


class IncomingDocument(Base):
    __tablename__ = "incoming_documents"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    source_organ: Mapped[str] = mapped_column(sa.String(200))
    source_number: Mapped[str] = mapped_column(sa.String(60))
    title: Mapped[str] = mapped_column(sa.String(300))
    classification: Mapped[str] = mapped_column(sa.String(20), index=True)
    urgency: Mapped[str] = mapped_column(sa.String(20))
    received_on: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    office: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    handling_due: Mapped[date | None] = mapped_column(sa.Date)
    handled_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OutgoingDocument(Base):
    __tablename__ = "outgoing_documents"
    __table_args__ = (sa.UniqueConstraint("prefix", "year", "sequence"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    prefix: Mapped[str] = mapped_column(sa.String(20))
    classification: Mapped[str] = mapped_column(sa.String(20), index=True)
    drafting_office: Mapped[str] = mapped_column(sa.String(20), index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    signed_by: Mapped[str | None] = mapped_column(sa.String(100))
    signed_on: Mapped[date | None] = mapped_column(sa.Date)
    year: Mapped[int | None] = mapped_column(sa.Integer)
    sequence: Mapped[int | None] = mapped_column(sa.Integer)
    number: Mapped[str | None] = mapped_column(sa.String(60))
    dispatched_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DocumentCounter(Base):
    """The last number issued per prefix and year."""

    __tablename__ = "document_number_counters"

    prefix: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    last: Mapped[int] = mapped_column(sa.Integer)


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}〔{year}〕{sequence}號"


async def next_sequence(uow: UnitOfWork, prefix: str, year: int) -> int:
    """The next number of `prefix` in `year`, in the caller's transaction (rolled back with it: no gap)."""
    c = DocumentCounter.__table__
    await uow.session.execute(insert_ignore(uow.session, c, ["prefix", "year"]),
                              {"prefix": prefix, "year": year, "last": 0})
    return int((await uow.session.execute(
        sa.update(c).where(c.c.prefix == prefix, c.c.year == year).values(last=c.c.last + 1)
        .returning(c.c.last))).scalar_one())


# ---- commands ----------------------------------------------------------------------------------

async def _get(session: Any, model: type[Any], what: str, doc_id: str, cleared: frozenset[str] | None,
               for_update: bool = False) -> Any:
    d = await session.get(model, doc_id, with_for_update=for_update)
    if d is None or (cleared is not None and d.classification not in cleared):
        raise NotFound(f"{what} {doc_id} not found")
    return d


async def register_incoming(uow: UnitOfWork, *, source_organ: str, source_number: str, title: str,
                            classification: Classification, urgency: Urgency, received_on: date,
                            on: date) -> IncomingDocument:
    if received_on > on:
        raise Invalid("received_on", f"cannot be after today ({on})")
    d = IncomingDocument(id=new_id(), source_organ=source_organ, source_number=source_number, title=title,
                         classification=classification.value, urgency=urgency.value, received_on=received_on,
                         state=IncomingState.registered.value, created_at=uow.now)
    uow.session.add(d)
    uow.emit(d.id, DocumentReceived(document_id=d.id, classification=classification.value,
                                              urgency=urgency.value, received_on=received_on))
    return d


async def route(uow: UnitOfWork, doc_id: str, cleared: frozenset[str], *, office: Office, handling_due: date,
                on: date) -> IncomingDocument:
    d = await _get(uow.session, IncomingDocument, "incoming document", doc_id, cleared, for_update=True)
    INCOMING.require(IncomingState(d.state), "route")
    if handling_due < on:
        raise Invalid("handling_due", f"cannot be before today ({on})")
    item = BoardItem(BoardItemKind.document, office, d.id, f"Incoming document {d.id}: handling", handling_due)
    if d.state == IncomingState.routed.value:  # re-routed: the board item moves with it
        await move_item(uow, item)
    else:
        await open_item(uow, item)
    d.state, d.office, d.handling_due = IncomingState.routed.value, office.value, handling_due
    uow.emit(d.id, DocumentRouted(document_id=d.id, office=office, handling_due=handling_due))
    return d


async def complete(uow: UnitOfWork, doc_id: str, cleared: frozenset[str], on: date) -> IncomingDocument:
    d = await _get(uow.session, IncomingDocument, "incoming document", doc_id, cleared, for_update=True)
    INCOMING.require(IncomingState(d.state), "complete")
    d.state, d.handled_on = IncomingState.handled.value, on
    await close_item(uow, BoardItemKind.document, d.id)
    return d


async def draft(uow: UnitOfWork, *, title: str, prefix: str, classification: Classification,
                drafting_office: Office) -> OutgoingDocument:
    d = OutgoingDocument(id=new_id(), title=title, prefix=prefix, classification=classification.value,
                         drafting_office=drafting_office.value, state=OutgoingState.drafting.value,
                         created_at=uow.now)
    uow.session.add(d)
    return d


async def advance(uow: UnitOfWork, doc_id: str, cleared: frozenset[str], command: str, on: date,
                  signed_by: str | None = None) -> OutgoingDocument:
    """Apply `command` (submit, return, sign, number, dispatch) to an outgoing document."""
    d = await _get(uow.session, OutgoingDocument, "outgoing document", doc_id, cleared, for_update=True)
    OUTGOING.require(OutgoingState(d.state), command)
    if command == "submit":
        d.state = OutgoingState.in_review.value
    elif command == "return":
        d.state = OutgoingState.drafting.value
    elif command == "sign":
        if not signed_by:
            raise Invalid("signed_by", "the leader who signs off is required")
        d.state, d.signed_by, d.signed_on = OutgoingState.signed.value, signed_by, on
    elif command == "number":
        d.year = on.year
        d.sequence = await next_sequence(uow, d.prefix, d.year)
        d.number, d.state = format_number(d.prefix, d.year, d.sequence), OutgoingState.numbered.value
    elif command == "dispatch":
        d.state, d.dispatched_on = OutgoingState.dispatched.value, on
        uow.emit(d.id, DocumentIssued(document_id=d.id, number=d.number, year=d.year, sequence=d.sequence,
                                              classification=d.classification, issued_on=on))
    return d


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(prefix="/documents", tags=["documents"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class RegisterIncoming(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_organ: Annotated[Text, StringConstraints(max_length=200)]
    source_number: Annotated[Text, StringConstraints(max_length=60)]
    title: Annotated[Text, StringConstraints(max_length=300)]
    classification: Classification = Classification.internal
    urgency: Urgency = Urgency.normal
    received_on: date


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Office
    handling_due: date


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=300)]
    prefix: Annotated[Text, StringConstraints(max_length=20)]
    classification: Classification = Classification.internal
    drafting_office: Office


class Sign(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signed_by: Annotated[Text, StringConstraints(max_length=100)]


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
        return cls(id=d.id, source_organ=d.source_organ, source_number=d.source_number, title=d.title,
                   classification=Classification(d.classification), urgency=Urgency(d.urgency),
                   received_on=d.received_on, state=state, office=Office(d.office) if d.office else None,
                   handling_due=d.handling_due, handled_on=d.handled_on, allowed_commands=INCOMING.commands(state))


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
    year: int | None
    sequence: int | None
    dispatched_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, d: OutgoingDocument) -> OutgoingOut:
        state = OutgoingState(d.state)
        return cls(id=d.id, title=d.title, prefix=d.prefix, classification=Classification(d.classification),
                   drafting_office=Office(d.drafting_office), state=state, signed_by=d.signed_by,
                   signed_on=d.signed_on, number=d.number, year=d.year, sequence=d.sequence,
                   dispatched_on=d.dispatched_on,
                   allowed_commands=OUTGOING.commands(state))


def _where(model: Any, cleared: frozenset[str], **equal: Any) -> list[Any]:
    """What the caller is cleared for, and each filter given (column == value)."""
    return [model.classification.in_(cleared),
            *(getattr(model, k) == (v.value if isinstance(v, StrEnum) else v) for k, v in equal.items() if v)]


@router.post("/incoming", status_code=201, summary="Register an incoming official document (收文)")
async def register_incoming_document(body: RegisterIncoming, request: Request) -> IncomingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        d = await register_incoming(uow, source_organ=body.source_organ, source_number=body.source_number,
                                    title=body.title, classification=body.classification, urgency=body.urgency,
                                    received_on=body.received_on, on=today(svc.clock))
    return IncomingOut.of(d)


@router.get("/incoming", summary="Incoming documents the caller is cleared for, most urgent first")
async def list_incoming(request: Request, state: IncomingState | None = None, office: Office | None = None,
                        urgency: Urgency | None = None, classification: Classification | None = None,
                        cleared: frozenset[str] = Depends(readable),
                        page: PageParams = Depends(page_params)) -> Page[IncomingOut]:
    d = IncomingDocument
    where = _where(d, cleared, state=state, office=office, urgency=urgency, classification=classification)
    rank = sa.case({"very_urgent": 0, "urgent": 1}, value=d.urgency, else_=2)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(d).where(*where).order_by(rank, d.received_on, d.id), page,
                              IncomingOut.of)


@router.get("/incoming/{doc_id}", summary="An incoming document")
async def get_incoming(doc_id: str, request: Request, cleared: frozenset[str] = Depends(readable)) -> IncomingOut:
    async with get_service(request).db.sessions() as s:
        return IncomingOut.of(await _get(s, IncomingDocument, "incoming document", doc_id, cleared))


@router.post("/incoming/{doc_id}/route", summary="Route to an office with a handling deadline (on the board)")
async def route_incoming(doc_id: str, body: Route, request: Request,
                         cleared: frozenset[str] = Depends(readable)) -> IncomingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        d = await route(uow, doc_id, cleared, office=body.office, handling_due=body.handling_due,
                        on=today(svc.clock))
    return IncomingOut.of(d)


@router.post("/incoming/{doc_id}/complete", summary="Record that the office has handled the document")
async def complete_incoming(doc_id: str, request: Request,
                            cleared: frozenset[str] = Depends(readable)) -> IncomingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        d = await complete(uow, doc_id, cleared, today(svc.clock))
    return IncomingOut.of(d)


@router.post("/outgoing", status_code=201, summary="Start drafting an outgoing document (發文)")
async def draft_outgoing(body: Draft, request: Request) -> OutgoingOut:
    async with get_service(request).uow() as uow:
        d = await draft(uow, title=body.title, prefix=body.prefix, classification=body.classification,
                        drafting_office=body.drafting_office)
    return OutgoingOut.of(d)


@router.get("/outgoing", summary="Outgoing documents the caller is cleared for")
async def list_outgoing(request: Request, state: OutgoingState | None = None, drafting_office: Office | None = None,
                        prefix: str | None = None, year: int | None = None,
                        classification: Classification | None = None,
                        cleared: frozenset[str] = Depends(readable),
                        page: PageParams = Depends(page_params)) -> Page[OutgoingOut]:
    d = OutgoingDocument
    where = _where(d, cleared, state=state, drafting_office=drafting_office, prefix=prefix, year=year,
                   classification=classification)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(d).where(*where).order_by(d.created_at.desc(), d.id), page,
                              OutgoingOut.of)


@router.get("/outgoing/{doc_id}", summary="An outgoing document")
async def get_outgoing(doc_id: str, request: Request, cleared: frozenset[str] = Depends(readable)) -> OutgoingOut:
    async with get_service(request).db.sessions() as s:
        return OutgoingOut.of(await _get(s, OutgoingDocument, "outgoing document", doc_id, cleared))


async def _advance(request: Request, doc_id: str, cleared: frozenset[str], command: str,
                   signed_by: str | None = None) -> OutgoingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        d = await advance(uow, doc_id, cleared, command, today(svc.clock), signed_by)
    return OutgoingOut.of(d)


@router.post("/outgoing/{doc_id}/submit", summary="Submit a draft for review")
async def submit_outgoing(doc_id: str, request: Request, cleared: frozenset[str] = Depends(readable)) -> OutgoingOut:
    return await _advance(request, doc_id, cleared, "submit")


@router.post("/outgoing/{doc_id}/return", summary="Return a document in review to drafting")
async def return_outgoing(doc_id: str, request: Request, cleared: frozenset[str] = Depends(readable)) -> OutgoingOut:
    return await _advance(request, doc_id, cleared, "return")


@router.post("/outgoing/{doc_id}/sign", summary="Sign off (簽發) a reviewed document")
async def sign_outgoing(doc_id: str, body: Sign, request: Request,
                        cleared: frozenset[str] = Depends(readable)) -> OutgoingOut:
    return await _advance(request, doc_id, cleared, "sign", body.signed_by)


@router.post("/outgoing/{doc_id}/number", summary="Give a signed document the next number of its prefix and year")
async def number_outgoing(doc_id: str, request: Request, cleared: frozenset[str] = Depends(readable)) -> OutgoingOut:
    return await _advance(request, doc_id, cleared, "number")


@router.post("/outgoing/{doc_id}/dispatch", summary="Dispatch a numbered document (publishes document.issued)")
async def dispatch_outgoing(doc_id: str, request: Request,
                            cleared: frozenset[str] = Depends(readable)) -> OutgoingOut:
    return await _advance(request, doc_id, cleared, "dispatch")
