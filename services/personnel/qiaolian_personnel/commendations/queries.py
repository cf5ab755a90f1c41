"""Reads of commendations, nominations and objections."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import CommendationState, NominationState, ObjectionState
from .tables import Commendation, Nomination, Objection


def commendations(*, state: CommendationState | None = None, year: int | None = None) -> sa.Select[Any]:
    """Commendations, the latest year first."""
    return (
        sa.select(Commendation)
        .where(*filters((Commendation.state, state), (Commendation.year, year)))
        .order_by(Commendation.year.desc(), Commendation.id)
    )


def nominations(commendation_id: str, *, state: NominationState | None = None) -> sa.Select[Any]:
    """A commendation's nominations in the order they came."""
    return (
        sa.select(Nomination)
        .where(Nomination.commendation_id == commendation_id, *filters((Nomination.state, state)))
        .order_by(Nomination.created_at, Nomination.id)
    )


def objections(commendation_id: str, *, state: ObjectionState | None = None) -> sa.Select[Any]:
    """The objections lodged against a commendation's nominations, in the order they came."""
    return (
        sa.select(Objection)
        .join(Nomination)
        .where(Nomination.commendation_id == commendation_id, *filters((Objection.state, state)))
        .order_by(Objection.created_at, Objection.id)
    )
