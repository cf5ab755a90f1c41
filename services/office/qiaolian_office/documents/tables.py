"""Incoming and outgoing documents, and the counters of their numbers."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.search import TrigramSearch
from qiaolian_chassis.tables import UtcDateTime

from ..database import Base

# a part of a document's title, as the lists search it (migrations 0019_search15_names and
# 0025_search15_bigrams build the indexes)
INCOMING_TITLES = TrigramSearch("incoming_documents", ("title",), bigram_chars=300)
OUTGOING_TITLES = TrigramSearch("outgoing_documents", ("title",), bigram_chars=300)


class IncomingDocument(Base):
    __tablename__ = "incoming_documents"
    __table_args__ = (sa.Index("ix_incoming_documents_state_received", "state", "received_on", "id"),)

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
    __table_args__ = (
        sa.UniqueConstraint("prefix", "year", "sequence"),
        sa.Index("ix_outgoing_documents_created", "created_at", "id"),
        sa.Index("ix_outgoing_documents_state_created", "state", "created_at", "id"),
    )

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
    sealed_by: Mapped[str | None] = mapped_column(sa.String(100))  # who applied the seal (用印)
    sealed_on: Mapped[date | None] = mapped_column(sa.Date)
    dispatched_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DocumentCounter(Base):
    """The last number issued per prefix and year."""

    __tablename__ = "document_number_counters"

    prefix: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    last: Mapped[int] = mapped_column(sa.Integer)
