"""Reads of archives and their loans."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.errors import NotFound
from qiaolian_contracts.events.common import Office

from .rules import ArchiveState, SourceKind
from .tables import Archive, ArchiveLoan


async def cleared_archive(
    session: Any, archive_id: str, cleared: frozenset[str], *, for_update: bool = False
) -> Archive:
    """The archive, if the caller is cleared for its classification; 404 otherwise, as if it did not exist."""
    a: Archive | None = await session.get(Archive, archive_id, with_for_update=for_update)
    if a is None or a.classification not in cleared:
        raise NotFound(f"archive {archive_id} not found")
    return a


def archives(
    *,
    office: Office | None,
    source_kind: SourceKind | None,
    state: ArchiveState | None,
    expired: bool | None,
    on: date,
    cleared: frozenset[str],
) -> sa.Select[Any]:
    """Archives with the filters given (expired: kept past their retention) that the caller is cleared for,
    most recently filed first."""
    where = filters((Archive.office, office), (Archive.source_kind, source_kind), (Archive.state, state))
    where.append(Archive.classification.in_(cleared))
    if expired is not None:
        past = Archive.retain_until < on
        where.append(past if expired else sa.not_(past))
    return sa.select(Archive).where(*where).order_by(Archive.filed_on.desc(), Archive.id)


def loans(
    *,
    office: Office | None,
    archive_id: str | None,
    returned: bool | None,
    overdue: bool | None,
    on: date,
    cleared: frozenset[str],
) -> sa.Select[Any]:
    """Loans with the filters given, of archives the caller is cleared for, earliest due first."""
    where = filters((ArchiveLoan.office, office), (ArchiveLoan.archive_id, archive_id))
    where.append(ArchiveLoan.archive_id.in_(sa.select(Archive.id).where(Archive.classification.in_(cleared))))
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
