"""Reads of committees (expiring: a term ending within days) and their members."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .tables import Committee, CommitteeMember


def committees(*, kind: str | None = None, ends_before: date | None = None) -> sa.Select[Any]:
    """Committees, the soonest term end first; `ends_before`: those whose term ends by that day."""
    return (
        sa.select(Committee)
        .where(*filters((Committee.kind, kind), ranges=((Committee.term_ends_on, None, ends_before),)))
        .order_by(Committee.term_ends_on, Committee.id)
    )


def members(committee_id: str) -> sa.Select[Any]:
    return (
        sa.select(CommitteeMember)
        .where(CommitteeMember.committee_id == committee_id)
        .order_by(CommitteeMember.joined_on, CommitteeMember.id)
    )
