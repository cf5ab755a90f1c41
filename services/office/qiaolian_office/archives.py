"""Archives (檔案): filing closed documents and cases with a retention period, and lending files.

A document may be filed only in a final state of documents.py (incoming `handled`, outgoing
`dispatched`), else 409; a case (from another office) is filed by its id. Each source is filed once (409).
A filed archive keeps `retain_until` = filed date + retention years.
Lending: `filed` → (lend, with a due date) `lent` → (return) `filed`; a lent file cannot be lent again
until it is returned (409). An open loan is an item of kind `archive_loan` on the supervision board
(the borrower's office, the loan's due date) and a deadline of the chassis scheduler, which publishes
`archive_loan.overdue` once, the day after the due date; the return closes both. Loans not returned
after their due date are also listed with `overdue=true`.
`archive.filed` carries ids, the retention years and dates only.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.statemachine import Transitions
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Id, Office
from qiaolian_contracts.events.office import ArchiveFiled
from qiaolian_contracts.ids import new_id

from .documents.queries import cleared_document
from .documents.routes import readable
from .documents.rules import IncomingState, OutgoingState
from .documents.tables import IncomingDocument, OutgoingDocument
from .database import LOAN_DUE, Base, deadlines
from .supervision.commands import BoardItem, close_item, open_item

FILED = "qiaolian.office.archive.filed.v1"


class SourceKind(StrEnum):
    incoming_document = "incoming_document"
    outgoing_document = "outgoing_document"
    case = "case"


class ArchiveState(StrEnum):
    filed = "filed"
    lent = "lent"


MACHINE = Transitions("archive", {
    "lend": frozenset({ArchiveState.filed}),
    "return": frozenset({ArchiveState.lent}),
})

# the final state a document must be in to be filed
FINAL = {SourceKind.incoming_document: (IncomingDocument, "incoming document", IncomingState.handled),
         SourceKind.outgoing_document: (OutgoingDocument, "outgoing document", OutgoingState.dispatched)}


class Archive(Base):
    __tablename__ = "archives"
    __table_args__ = (sa.UniqueConstraint("source_kind", "source_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    source_kind: Mapped[str] = mapped_column(sa.String(30), index=True)
    source_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(300))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    retention_years: Mapped[int] = mapped_column(sa.Integer)
    filed_on: Mapped[date] = mapped_column(sa.Date, index=True)
    retain_until: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ArchiveLoan(Base):
    __tablename__ = "archive_loans"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    archive_id: Mapped[str] = mapped_column(sa.ForeignKey("archives.id"), index=True)
    borrower: Mapped[str] = mapped_column(sa.String(100))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    lent_on: Mapped[date] = mapped_column(sa.Date)
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    returned_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# ---- commands ----------------------------------------------------------------------------------

async def file(uow: UnitOfWork, *, source_kind: SourceKind, source_id: str, title: str, office: Office,
               retention_years: int, cleared: frozenset[str], on: date) -> Archive:
    if source_kind in FINAL:
        model, what, final = FINAL[source_kind]
        d = await cleared_document(uow.session, model, what, source_id, cleared)
        if d.state != final.value:
            raise Conflict(f"{what} {source_id} is {d.state}: only a {final.value} document can be filed")
    if await uow.session.scalar(sa.select(Archive.id).where(Archive.source_kind == source_kind.value,
                                                            Archive.source_id == source_id)):
        raise Conflict(f"{source_kind.value} {source_id} is already filed")
    a = Archive(id=new_id(), source_kind=source_kind.value, source_id=source_id, title=title, office=office.value,
                retention_years=retention_years, filed_on=on, retain_until=add_years(on, retention_years),
                state=ArchiveState.filed.value, created_at=uow.now)
    uow.session.add(a)
    uow.emit(a.id, ArchiveFiled(archive_id=a.id, source_id=source_id, retention_years=retention_years,
                                       filed_on=on, retain_until=a.retain_until))
    return a


async def lend(uow: UnitOfWork, archive_id: str, *, borrower: str, office: Office, due_on: date,
               on: date) -> ArchiveLoan:
    a = await get_or_404(uow.session, Archive, "archive", archive_id, for_update=True)
    MACHINE.require(ArchiveState(a.state), "lend")
    if due_on < on:
        raise Invalid("due_on", f"cannot be before today ({on})")
    loan = ArchiveLoan(id=new_id(), archive_id=a.id, borrower=borrower, office=office.value, lent_on=on,
                       due_on=due_on, created_at=uow.now)
    uow.session.add(loan)
    a.state = ArchiveState.lent.value
    # named by ids, not by the file's title: all staff see the board
    await open_item(uow, BoardItem(BoardItemKind.archive_loan, office, loan.id,
                                   f"Archive {a.id}: loan {loan.id} back in the archives", due_on))
    await deadlines.set(uow, LOAN_DUE, loan.id, due_on)
    return loan


async def give_back(uow: UnitOfWork, archive_id: str, on: date) -> ArchiveLoan:
    a = await get_or_404(uow.session, Archive, "archive", archive_id, for_update=True)
    MACHINE.require(ArchiveState(a.state), "return")
    loan = (await uow.session.scalars(sa.select(ArchiveLoan).where(
        ArchiveLoan.archive_id == a.id, ArchiveLoan.returned_on.is_(None)))).one()
    loan.returned_on, a.state = on, ArchiveState.filed.value
    await deadlines.meet(uow, LOAN_DUE, loan.id, on)
    await close_item(uow, BoardItemKind.archive_loan, loan.id)
    return loan


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(prefix="/archives", tags=["archives"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_kind: SourceKind
    source_id: Id
    title: Annotated[Text, StringConstraints(max_length=300)]
    office: Office
    retention_years: int = Field(ge=1, le=100, description="years the file is kept (永久 = 100)")


class Lend(BaseModel):
    model_config = ConfigDict(extra="forbid")
    borrower: Annotated[Text, StringConstraints(max_length=100)]
    office: Office
    due_on: date


class LoanOut(BaseModel):
    id: str
    archive_id: str
    borrower: str
    office: Office
    lent_on: date
    due_on: date
    returned_on: date | None
    overdue: bool

    @classmethod
    def of(cls, loan: ArchiveLoan, on: date) -> LoanOut:
        return cls(id=loan.id, archive_id=loan.archive_id, borrower=loan.borrower, office=Office(loan.office),
                   lent_on=loan.lent_on, due_on=loan.due_on, returned_on=loan.returned_on,
                   overdue=loan.returned_on is None and loan.due_on < on)


class ArchiveOut(BaseModel):
    id: str
    source_kind: SourceKind
    source_id: str
    title: str
    office: Office
    retention_years: int
    filed_on: date
    retain_until: date
    state: ArchiveState
    allowed_commands: list[str]

    @classmethod
    def of(cls, a: Archive) -> ArchiveOut:
        state = ArchiveState(a.state)
        return cls(id=a.id, source_kind=SourceKind(a.source_kind), source_id=a.source_id, title=a.title,
                   office=Office(a.office), retention_years=a.retention_years, filed_on=a.filed_on,
                   retain_until=a.retain_until, state=state, allowed_commands=MACHINE.commands(state))


class ArchiveDetail(ArchiveOut):
    loans: list[LoanOut]


@router.post("", status_code=201, summary="File a closed document or case with a retention period (歸檔)")
async def file_archive(body: File, request: Request, cleared: frozenset[str] = Depends(readable)) -> ArchiveOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        a = await file(uow, source_kind=body.source_kind, source_id=body.source_id, title=body.title,
                       office=body.office, retention_years=body.retention_years, cleared=cleared,
                       on=today(svc.clock))
    return ArchiveOut.of(a)


@router.get("", summary="Archives, most recently filed first")
async def list_archives(request: Request, office: Office | None = None, source_kind: SourceKind | None = None,
                        state: ArchiveState | None = None, expired: bool | None = None,
                        page: PageParams = Depends(page_params)) -> Page[ArchiveOut]:
    svc = get_service(request)
    where = [getattr(Archive, k) == v.value for k, v in
             (("office", office), ("source_kind", source_kind), ("state", state)) if v]
    if expired is not None:
        past = Archive.retain_until < today(svc.clock)
        where.append(past if expired else sa.not_(past))
    async with svc.db.sessions() as s:
        return await paginate(s, sa.select(Archive).where(*where).order_by(Archive.filed_on.desc(), Archive.id),
                              page, ArchiveOut.of)


@router.get("/loans", summary="Loans of archived files, earliest due first")
async def list_loans(request: Request, office: Office | None = None, archive_id: str | None = None,
                     returned: bool | None = None, overdue: bool | None = None,
                     page: PageParams = Depends(page_params)) -> Page[LoanOut]:
    svc = get_service(request)
    on = today(svc.clock)
    where = []
    if office:
        where.append(ArchiveLoan.office == office.value)
    if archive_id:
        where.append(ArchiveLoan.archive_id == archive_id)
    if returned is not None:
        where.append(ArchiveLoan.returned_on.is_not(None) if returned else ArchiveLoan.returned_on.is_(None))
    if overdue is not None:
        late = sa.and_(ArchiveLoan.returned_on.is_(None), ArchiveLoan.due_on < on)
        where.append(late if overdue else sa.not_(late))
    async with svc.db.sessions() as s:
        return await paginate(s, sa.select(ArchiveLoan).where(*where).order_by(ArchiveLoan.due_on, ArchiveLoan.id),
                              page, lambda loan: LoanOut.of(loan, on))


async def _detail(session: Any, a: Archive, on: date) -> ArchiveDetail:
    loans = (await session.scalars(sa.select(ArchiveLoan).where(ArchiveLoan.archive_id == a.id)
                                   .order_by(ArchiveLoan.lent_on, ArchiveLoan.created_at))).all()
    return ArchiveDetail(**ArchiveOut.of(a).model_dump(), loans=[LoanOut.of(loan, on) for loan in loans])


@router.get("/{archive_id}", summary="An archive with its loans")
async def get_archive(archive_id: str, request: Request) -> ArchiveDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return await _detail(s, await get_or_404(s, Archive, "archive", archive_id), today(svc.clock))


@router.post("/{archive_id}/lend", status_code=201, summary="Lend a filed archive until a due date (借閱)")
async def lend_archive(archive_id: str, body: Lend, request: Request) -> LoanOut:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.uow() as uow:
        loan = await lend(uow, archive_id, borrower=body.borrower, office=body.office, due_on=body.due_on, on=on)
    return LoanOut.of(loan, on)


@router.post("/{archive_id}/return", summary="Record the return of a lent archive (歸還)")
async def return_archive(archive_id: str, request: Request) -> LoanOut:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.uow() as uow:
        loan = await give_back(uow, archive_id, on)
    return LoanOut.of(loan, on)
