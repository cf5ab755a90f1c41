"""Reads of situation reports."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import ReportState
from .tables import SituationReport


def reports(
    *, office: Office | None, state: ReportState | None, contributed_from: date | None, contributed_to: date | None
) -> sa.Select[Any]:
    """Reports with the filters given, most recently contributed first."""
    r = SituationReport
    return (
        sa.select(r)
        .where(
            *filters(
                (r.office, office), (r.state, state), ranges=((r.contributed_on, contributed_from, contributed_to),)
            )
        )
        .order_by(r.contributed_on.desc(), r.created_at.desc(), r.id)
    )
