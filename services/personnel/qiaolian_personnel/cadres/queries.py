"""Reads of cadres and their records: the listings' filtered, ordered statements."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from ..establishment.rules import PostLevel
from .rules import AppointmentKind, CadreState
from .tables import Appointment, Cadre


def cadres(
    *, office: Office | None = None, state: CadreState | None = None, post_level: PostLevel | None = None
) -> sa.Select[Any]:
    """Cadres by name."""
    return (
        sa.select(Cadre)
        .where(*filters((Cadre.office, office), (Cadre.state, state), (Cadre.post_level, post_level)))
        .order_by(Cadre.name, Cadre.id)
    )


def appointments(cadre_id: str, *, kind: AppointmentKind | None = None) -> sa.Select[Any]:
    """A cadre's record, oldest line first."""
    return (
        sa.select(Appointment)
        .where(Appointment.cadre_id == cadre_id, *filters((Appointment.kind, kind)))
        .order_by(Appointment.effective_on, Appointment.id)
    )
