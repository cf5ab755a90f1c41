"""Archives and their loans."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Archive(Base):
    __tablename__ = "archives"
    __table_args__ = (sa.UniqueConstraint("source_kind", "source_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    source_kind: Mapped[str] = mapped_column(sa.String(30), index=True)
    source_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(300))
    # the filed document's (documents.rules.Classification); a case is internal. Shown only to the cleared
    classification: Mapped[str] = mapped_column(sa.String(20), server_default="internal")
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
