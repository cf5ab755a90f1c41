"""File a closed document or case (歸檔), lend it (借閱) and take it back (歸還).
`archive.filed` carries ids, the retention years and dates only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import ArchiveFiled
from qiaolian_contracts.ids import new_id

from ..database import LOAN_DUE, deadlines
from ..documents.queries import cleared_document
from ..documents.rules import Classification, IncomingState, OutgoingState
from ..documents.tables import IncomingDocument, OutgoingDocument
from ..supervision.commands import BoardItem, close_item, open_item
from .queries import cleared_archive
from .rules import TRANSITIONS, ArchiveState, SourceKind, add_years, check_loan_due, entry_classification
from .tables import Archive, ArchiveLoan


@dataclass(frozen=True)
class FileArchive:
    source_kind: SourceKind
    source_id: str
    title: str
    office: Office
    retention_years: int
    cleared: frozenset[str]  # the classifications the caller may read: a document is filed by those cleared for it
    classification: Classification | None = None  # given at filing: a case's, or a document's raised


@dataclass(frozen=True)
class LendArchive:
    archive_id: str
    borrower: str
    office: Office  # the borrower's
    due_on: date
    cleared: frozenset[str]  # the classifications the caller may read: an archive of another answers 404


@dataclass(frozen=True)
class ReturnArchive:
    archive_id: str
    cleared: frozenset[str]


async def _require_final(uow: UnitOfWork, cmd: FileArchive) -> str:
    """A document is filed only in its final state (409 otherwise), by those cleared for it; a case by its id.
    The classification of what is filed (a case is internal)."""
    d: IncomingDocument | OutgoingDocument
    if cmd.source_kind is SourceKind.incoming_document:
        what, final = "incoming document", IncomingState.handled.value
        d = await cleared_document(uow.session, IncomingDocument, what, cmd.source_id, cmd.cleared)
    elif cmd.source_kind is SourceKind.outgoing_document:
        what, final = "outgoing document", OutgoingState.dispatched.value
        d = await cleared_document(uow.session, OutgoingDocument, what, cmd.source_id, cmd.cleared)
    else:
        return Classification.internal.value
    if d.state != final:
        raise Conflict(f"{what} {cmd.source_id} is {d.state}: only a {final} document can be filed")
    return d.classification


async def file(uow: UnitOfWork, cmd: FileArchive) -> Archive:
    classification = entry_classification(await _require_final(uow, cmd), cmd.classification, cmd.cleared)
    if await uow.session.scalar(
        sa.select(Archive.id).where(Archive.source_kind == cmd.source_kind.value, Archive.source_id == cmd.source_id)
    ):
        raise Conflict(f"{cmd.source_kind.value} {cmd.source_id} is already filed")
    on = uow.today
    a = Archive(
        id=new_id(),
        source_kind=cmd.source_kind.value,
        source_id=cmd.source_id,
        title=cmd.title,
        classification=classification,
        office=cmd.office.value,
        retention_years=cmd.retention_years,
        filed_on=on,
        retain_until=add_years(on, cmd.retention_years),
        state=ArchiveState.filed.value,
        created_at=uow.now,
    )
    uow.session.add(a)
    uow.emit(
        a.id,
        ArchiveFiled(
            archive_id=a.id,
            source_id=cmd.source_id,
            retention_years=cmd.retention_years,
            filed_on=on,
            retain_until=a.retain_until,
        ),
    )
    return a


async def _load(
    uow: UnitOfWork, archive_id: str, command: str, cleared: frozenset[str]
) -> tuple[Archive, ArchiveState]:
    """The archive, locked, if the caller is cleared for it (404 otherwise), and where `command` leads it."""
    a: Archive = await cleared_archive(uow.session, archive_id, cleared, for_update=True)
    return a, TRANSITIONS.apply(ArchiveState(a.state), command)


async def lend(uow: UnitOfWork, cmd: LendArchive) -> ArchiveLoan:
    a, state = await _load(uow, cmd.archive_id, "lend", cmd.cleared)
    check_loan_due(cmd.due_on, uow.today)
    loan = ArchiveLoan(
        id=new_id(),
        archive_id=a.id,
        borrower=cmd.borrower,
        office=cmd.office.value,
        lent_on=uow.today,
        due_on=cmd.due_on,
        created_at=uow.now,
    )
    uow.session.add(loan)
    a.state = state.value
    # named by ids, not by the file's title: all staff see the board
    await open_item(
        uow,
        BoardItem.of(BoardItemKind.archive_loan, cmd.office, loan.id, cmd.due_on),
    )
    await deadlines.set(uow, LOAN_DUE, loan.id, cmd.due_on)
    return loan


async def give_back(uow: UnitOfWork, cmd: ReturnArchive) -> ArchiveLoan:
    a, state = await _load(uow, cmd.archive_id, "return", cmd.cleared)
    loan: ArchiveLoan = (
        await uow.session.scalars(
            sa.select(ArchiveLoan).where(ArchiveLoan.archive_id == a.id, ArchiveLoan.returned_on.is_(None))
        )
    ).one()
    loan.returned_on, a.state = uow.today, state.value
    await deadlines.meet(uow, LOAN_DUE, loan.id, uow.today)
    await close_item(uow, BoardItemKind.archive_loan, loan.id)
    return loan
