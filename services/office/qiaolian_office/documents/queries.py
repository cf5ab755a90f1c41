"""Reads of official documents, only those the caller is cleared for."""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_chassis.errors import NotFound
from qiaolian_contracts.events.common import Office

from .rules import Classification, IncomingState, OutgoingState, Urgency
from .tables import INCOMING_TITLES, OUTGOING_TITLES, IncomingDocument, OutgoingDocument

D = TypeVar("D", IncomingDocument, OutgoingDocument)


async def cleared_document(
    session: Any, model: type[D], what: str, doc_id: str, cleared: frozenset[str], *, for_update: bool = False
) -> D:
    """The document, if the caller is cleared for its classification; 404 otherwise, as if it did not exist."""
    d: D | None = await session.get(model, doc_id, with_for_update=for_update)
    if d is None or d.classification not in cleared:
        raise NotFound(f"{what} {doc_id} not found")
    return d


def incoming(
    *,
    cleared: frozenset[str],
    state: IncomingState | None,
    office: Office | None,
    urgency: Urgency | None,
    classification: Classification | None,
    q: str | None = None,
) -> sa.Select[Any]:
    """Incoming documents with the filters given (`q`: a part of the title), most urgent first, then
    earliest received."""
    d = IncomingDocument
    rank = sa.case({"very_urgent": 0, "urgent": 1}, value=d.urgency, else_=2)
    where = filters((d.state, state), (d.office, office), (d.urgency, urgency), (d.classification, classification))
    if q:
        where.append(INCOMING_TITLES.matches(d, q))
    return sa.select(d).where(d.classification.in_(cleared), *where).order_by(rank, d.received_on, d.id)


def outgoing(
    *,
    cleared: frozenset[str],
    state: OutgoingState | None,
    drafting_office: Office | None,
    prefix: str | None,
    year: int | None,
    classification: Classification | None,
    q: str | None = None,
) -> sa.Select[Any]:
    """Outgoing documents with the filters given (`q`: a part of the title), most recently drafted first."""
    d = OutgoingDocument
    where = filters(
        (d.state, state),
        (d.drafting_office, drafting_office),
        (d.prefix, prefix),
        (d.year, year),
        (d.classification, classification),
    )
    if q:
        where.append(OUTGOING_TITLES.matches(d, q))
    return sa.select(d).where(d.classification.in_(cleared), *where).order_by(d.created_at.desc(), d.id)
