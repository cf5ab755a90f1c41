"""Reads of archives and their loans."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import ArchiveState, SourceKind
from .tables import Archive, ArchiveLoan


def archives(
    *, office: Office | None, source_kind: SourceKind | None, state: ArchiveState | None, expired: bool | None, on: date
) -> sa.Select[Any]:
    """Archives with the filters given (expired: kept past their retention), most recently filed first."""
    where = filters((Archive.office, office), (Archive.source_kind, source_kind), (Archive.state, state))
    if expired is not None:
        past = Archive.retain_until < on
        where.append(past if expired else sa.not_(past))
    return sa.select(Archive).where(*where).order_by(Archive.filed_on.desc(), Archive.id)


def loans(
    *, office: Office | None, archive_id: str | None, returned: bool | None, overdue: bool | None, on: date
) -> sa.Select[Any]:
    """Loans with the filters given, earliest due first."""
    where = filters((ArchiveLoan.office, office), (ArchiveLoan.archive_id, archive_id))
    if returned is not None:
        where.append(ArchiveLoan.returned_on.is_not(None) if returned else ArchiveLoan.returned_on.is_(None))
    if overdue is not None:
        late = sa.and_(ArchiveLoan.returned_on.is_(None), ArchiveLoan.due_on < on)
        where.append(late if overdue else sa.not_(late))
    return sa.select(ArchiveLoan).where(*where).order_by(ArchiveLoan.due_on, ArchiveLoan.id)


async def loans_of(session: Any, archive_id: str) -> list[ArchiveLoan]:
    return list(
        (
            await session.scalars(
                sa.select(ArchiveLoan)
                .where(ArchiveLoan.archive_id == archive_id)
                .order_by(ArchiveLoan.lent_on, ArchiveLoan.created_at)
            )
        ).all()
    )
