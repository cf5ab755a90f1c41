"""Register, route and complete incoming documents; draft outgoing ones and take them through review,
sign-off, numbering, sealing (用印) and dispatch. Events carry no title and no source organ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import insert_ignore
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import (
    DocumentHandled,
    DocumentIssued,
    DocumentNumbered,
    DocumentReceived,
    DocumentRouted,
    DocumentSealed,
)
from qiaolian_contracts.ids import new_id

from ..supervision.commands import BoardItem, close_item, move_item, open_item
from .queries import cleared_document
from .rules import (
    INCOMING,
    OUTGOING,
    Classification,
    IncomingState,
    OutgoingState,
    Urgency,
    check_handling_due,
    check_received,
    format_number,
)
from .tables import DocumentCounter, IncomingDocument, OutgoingDocument

# ---- incoming (收文) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterIncoming:
    source_organ: str
    source_number: str
    title: str
    classification: Classification
    urgency: Urgency
    received_on: date


@dataclass(frozen=True)
class RouteDocument:
    document_id: str
    cleared: frozenset[str]  # the classifications the caller may read
    office: Office
    handling_due: date


@dataclass(frozen=True)
class CompleteDocument:
    document_id: str
    cleared: frozenset[str]


async def register_incoming(uow: UnitOfWork, cmd: RegisterIncoming) -> IncomingDocument:
    check_received(cmd.received_on, uow.today)
    d = IncomingDocument(
        id=new_id(),
        source_organ=cmd.source_organ,
        source_number=cmd.source_number,
        title=cmd.title,
        classification=cmd.classification.value,
        urgency=cmd.urgency.value,
        received_on=cmd.received_on,
        state=IncomingState.registered.value,
        created_at=uow.now,
    )
    uow.session.add(d)
    uow.emit(
        d.id,
        DocumentReceived(
            document_id=d.id,
            classification=cmd.classification.value,
            urgency=cmd.urgency.value,
            received_on=cmd.received_on,
        ),
    )
    return d


async def _incoming(
    uow: UnitOfWork, doc_id: str, cleared: frozenset[str], command: str
) -> tuple[IncomingDocument, IncomingState]:
    d = await cleared_document(uow.session, IncomingDocument, "incoming document", doc_id, cleared, for_update=True)
    return d, INCOMING.apply(IncomingState(d.state), command)


async def route(uow: UnitOfWork, cmd: RouteDocument) -> IncomingDocument:
    d, state = await _incoming(uow, cmd.document_id, cmd.cleared, "route")
    check_handling_due(cmd.handling_due, uow.today)
    item = BoardItem.of(BoardItemKind.document, cmd.office, d.id, cmd.handling_due)
    if d.state == IncomingState.routed.value:  # re-routed: the board item moves with it
        await move_item(uow, item)
    else:
        await open_item(uow, item)
    d.state, d.office, d.handling_due = state.value, cmd.office.value, cmd.handling_due
    uow.emit(d.id, DocumentRouted(document_id=d.id, office=cmd.office, handling_due=cmd.handling_due))
    return d


async def complete(uow: UnitOfWork, cmd: CompleteDocument) -> IncomingDocument:
    d, state = await _incoming(uow, cmd.document_id, cmd.cleared, "complete")
    d.state, d.handled_on = state.value, uow.today
    await close_item(uow, BoardItemKind.document, d.id)
    assert d.office is not None  # a routed document has its office
    uow.emit(d.id, DocumentHandled(document_id=d.id, office=Office(d.office), handled_on=d.handled_on))
    return d


# ---- outgoing (發文) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftOutgoing:
    title: str
    prefix: str
    classification: Classification
    drafting_office: Office


@dataclass(frozen=True)
class OnOutgoing:
    """A step of an outgoing document: submit, return (to drafting), number, dispatch."""

    document_id: str
    cleared: frozenset[str]


@dataclass(frozen=True)
class SignOutgoing(OnOutgoing):
    signed_by: str  # the leader who signs off


@dataclass(frozen=True)
class SealOutgoing(OnOutgoing):
    sealed_by: str  # who applied the seal: the signed-in person


async def draft(uow: UnitOfWork, cmd: DraftOutgoing) -> OutgoingDocument:
    d = OutgoingDocument(
        id=new_id(),
        title=cmd.title,
        prefix=cmd.prefix,
        classification=cmd.classification.value,
        drafting_office=cmd.drafting_office.value,
        state=OutgoingState.drafting.value,
        created_at=uow.now,
    )
    uow.session.add(d)
    return d


async def _outgoing(uow: UnitOfWork, cmd: OnOutgoing, command: str) -> OutgoingDocument:
    """The document, locked, moved to the state `command` leads it to (409 if not allowed now)."""
    d = await cleared_document(
        uow.session, OutgoingDocument, "outgoing document", cmd.document_id, cmd.cleared, for_update=True
    )
    d.state = OUTGOING.apply(OutgoingState(d.state), command).value
    return d


async def submit(uow: UnitOfWork, cmd: OnOutgoing) -> OutgoingDocument:
    return await _outgoing(uow, cmd, "submit")


async def send_back(uow: UnitOfWork, cmd: OnOutgoing) -> OutgoingDocument:
    """Return a document in review to drafting."""
    return await _outgoing(uow, cmd, "return")


async def sign(uow: UnitOfWork, cmd: SignOutgoing) -> OutgoingDocument:
    d = await _outgoing(uow, cmd, "sign")
    if not cmd.signed_by:
        raise Invalid("signed_by", "the leader who signs off is required")
    d.signed_by, d.signed_on = cmd.signed_by, uow.today
    return d


async def next_sequence(uow: UnitOfWork, prefix: str, year: int) -> int:
    """The next number of `prefix` in `year`, in the caller's transaction (rolled back with it: no gap).

    Allocated from one counter row updated in the numbering transaction: SQLite serialises writers
    (BEGIN IMMEDIATE), PostgreSQL locks the row for the UPDATE ... RETURNING, so concurrent numbering
    never repeats or skips a number."""
    c = DocumentCounter.metadata.tables[DocumentCounter.__tablename__]
    await uow.session.execute(
        insert_ignore(uow.session, c, ["prefix", "year"]), {"prefix": prefix, "year": year, "last": 0}
    )
    return int(
        (
            await uow.session.execute(
                sa.update(c).where(c.c.prefix == prefix, c.c.year == year).values(last=c.c.last + 1).returning(c.c.last)
            )
        ).scalar_one()
    )


async def number(uow: UnitOfWork, cmd: OnOutgoing) -> OutgoingDocument:
    d = await _outgoing(uow, cmd, "number")
    d.year = year = uow.today.year
    d.sequence = sequence = await next_sequence(uow, d.prefix, year)
    d.number = format_number(d.prefix, year, sequence)
    uow.emit(d.id, DocumentNumbered(document_id=d.id, classification=d.classification, numbered_on=uow.today))
    return d


async def seal(uow: UnitOfWork, cmd: SealOutgoing) -> OutgoingDocument:
    """用印: the seal on the signed, numbered document, before dispatch (rules.OUTGOING)."""
    d = await _outgoing(uow, cmd, "seal")
    d.sealed_by, d.sealed_on = cmd.sealed_by, uow.today
    uow.emit(d.id, DocumentSealed(document_id=d.id, sealed_on=d.sealed_on))
    return d


async def dispatch(uow: UnitOfWork, cmd: OnOutgoing) -> OutgoingDocument:
    d = await _outgoing(uow, cmd, "dispatch")
    d.dispatched_on = uow.today
    uow.emit(
        d.id,
        DocumentIssued(
            document_id=d.id,
            number=d.number,
            year=d.year,
            sequence=d.sequence,
            classification=d.classification,
            issued_on=d.dispatched_on,
        ),
    )
    return d
