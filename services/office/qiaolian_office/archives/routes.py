"""Archives over HTTP: filing, the lists of archives and loans, lending and return."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Id, Office

from ..documents.routes import cleared_for
from ..documents.rules import Classification
from . import commands, queries
from .rules import TRANSITIONS, ArchiveState, SourceKind, is_loan_overdue
from .tables import Archive, ArchiveLoan

router = APIRouter(prefix="/archives", tags=["archives"])


class File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_kind: SourceKind
    source_id: Id
    title: Annotated[Text, StringConstraints(max_length=300)]
    office: Office
    retention_years: int = Field(ge=1, le=100, description="years the file is kept (永久 = 100)")
    classification: Classification | None = Field(
        default=None,
        description="the entry's classification if not the filed document's (a case's; never lower than the document's)",
    )


class Lend(BaseModel):
    model_config = ConfigDict(extra="forbid")
    borrower: Annotated[Text, StringConstraints(max_length=100)]
    office: Office
    due_on: Day


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
        return cls(
            id=loan.id,
            archive_id=loan.archive_id,
            borrower=loan.borrower,
            office=Office(loan.office),
            lent_on=loan.lent_on,
            due_on=loan.due_on,
            returned_on=loan.returned_on,
            overdue=is_loan_overdue(loan.returned_on, loan.due_on, on),
        )


class ArchiveOut(BaseModel):
    id: str
    source_kind: SourceKind
    source_id: str
    title: str
    classification: Classification = Field(
        description="the filed document's or the one given at filing; shown only to those cleared for it"
    )
    office: Office
    retention_years: int
    filed_on: date
    retain_until: date
    state: ArchiveState
    allowed_commands: list[str]

    @classmethod
    def of(cls, a: Archive) -> ArchiveOut:
        state = ArchiveState(a.state)
        return cls(
            id=a.id,
            source_kind=SourceKind(a.source_kind),
            source_id=a.source_id,
            title=a.title,
            classification=Classification(a.classification),
            office=Office(a.office),
            retention_years=a.retention_years,
            filed_on=a.filed_on,
            retain_until=a.retain_until,
            state=state,
            allowed_commands=TRANSITIONS.commands(state),
        )


class ArchiveDetail(ArchiveOut):
    loans: list[LoanOut]


async def _detail(session: Any, archive_id: str, on: Day, cleared: frozenset[str]) -> ArchiveDetail:
    a = await queries.cleared_archive(session, archive_id, cleared)
    return ArchiveDetail(
        **ArchiveOut.of(a).model_dump(), loans=[LoanOut.of(loan, on) for loan in await queries.loans_of(session, a.id)]
    )


@router.post(
    "",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="File a closed document or case with a retention period (歸檔)",
)
async def file_archive(
    body: File, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> ArchiveOut:
    async with get_service(request).uow() as uow:
        a = await commands.file(uow, commands.FileArchive(cleared=cleared, **body.model_dump()))
    return ArchiveOut.of(a)


@router.get("", dependencies=[permit("office.read")], summary="Archives, most recently filed first")
async def list_archives(
    request: Request,
    office: Office | None = None,
    source_kind: SourceKind | None = None,
    state: ArchiveState | None = None,
    expired: bool | None = None,
    page: PageParams = Depends(page_params),
    cleared: frozenset[str] = cleared_for("office.read"),
) -> Page[ArchiveOut]:
    svc = get_service(request)
    on = today(svc.clock)
    stmt = queries.archives(
        office=office, source_kind=source_kind, state=state, expired=expired, on=on, cleared=cleared
    )
    async with svc.db.sessions() as s:
        return await paginate(s, stmt, page, ArchiveOut.of)


@router.get("/loans", dependencies=[permit("office.read")], summary="Loans of archived files, earliest due first")
async def list_loans(
    request: Request,
    office: Office | None = None,
    archive_id: str | None = None,
    returned: bool | None = None,
    overdue: bool | None = None,
    page: PageParams = Depends(page_params),
    cleared: frozenset[str] = cleared_for("office.read"),
) -> Page[LoanOut]:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        return await paginate(
            s,
            queries.loans(
                office=office, archive_id=archive_id, returned=returned, overdue=overdue, on=on, cleared=cleared
            ),
            page,
            lambda loan: LoanOut.of(loan, on),
        )


@router.get("/{archive_id}", dependencies=[permit("office.read")], summary="An archive with its loans")
async def get_archive(
    archive_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.read")
) -> ArchiveDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return await _detail(s, archive_id, today(svc.clock), cleared)


@router.post(
    "/{archive_id}/lend",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Lend a filed archive until a due date (借閱)",
)
async def lend_archive(
    archive_id: str, body: Lend, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> LoanOut:
    async with get_service(request).uow() as uow:
        cmd = commands.LendArchive(archive_id=archive_id, cleared=cleared, **body.model_dump())
        loan = await commands.lend(uow, cmd)
    return LoanOut.of(loan, uow.today)


@router.post(
    "/{archive_id}/return", dependencies=[permit("office.write")], summary="Record the return of a lent archive (歸還)"
)
async def return_archive(
    archive_id: str, request: Request, cleared: frozenset[str] = cleared_for("office.write")
) -> LoanOut:
    async with get_service(request).uow() as uow:
        loan = await commands.give_back(uow, commands.ReturnArchive(archive_id=archive_id, cleared=cleared))
    return LoanOut.of(loan, uow.today)
