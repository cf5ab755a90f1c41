"""Reads of representatives."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.personnel import Assembly, AssemblyLevel

from .rules import RepState
from .tables import Representative


def representatives(
    *, assembly: Assembly | None = None, level: AssemblyLevel | None = None, state: RepState | None = None
) -> sa.Select[Any]:
    """Representatives, the latest nominated first."""
    return (
        sa.select(Representative)
        .where(
            *filters((Representative.assembly, assembly), (Representative.level, level), (Representative.state, state))
        )
        .order_by(Representative.nominated_on.desc(), Representative.id)
    )
