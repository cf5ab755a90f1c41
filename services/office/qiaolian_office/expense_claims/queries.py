"""Reads of budget lines and claims: the lists with filters, a claim's decisions, a line's balance and
the yearly report per line."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters

from .rules import PENDING, ClaimState
from .tables import BudgetLine, ClaimDecision, ExpenseClaim

HOLDING = [ClaimState.approved.value, *(s.value for s in PENDING)]  # what counts against a line


def lines(*, office: str | None, year: int | None, code: str | None) -> sa.Select[Any]:
    b = BudgetLine
    where = filters((b.office, office), (b.year, year), (b.code, code))
    return sa.select(b).where(*where).order_by(b.year.desc(), b.office, b.code, b.id)


def claims(
    *,
    state: str | None,
    office: str | None,
    line_id: str | None,
    cadre_id: str | None,
    from_on: date | None,
    to_on: date | None,
) -> sa.Select[Any]:
    c = ExpenseClaim
    where = filters(
        (c.state, state),
        (c.office, office),
        (c.line_id, line_id),
        (c.cadre_id, cadre_id),
        ranges=((c.submitted_on, from_on, to_on),),
    )
    return sa.select(c).where(*where).order_by(c.submitted_on.desc(), c.id.desc())


async def committed(session: Any, line_id: str) -> int:
    """What approved and pending claims hold of the line."""
    total = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ExpenseClaim.amount_yuan), 0)).where(
            ExpenseClaim.line_id == line_id, ExpenseClaim.state.in_(HOLDING)
        )
    )
    return int(total or 0)


async def decisions(session: Any, claim_id: str) -> list[ClaimDecision]:
    rows = await session.scalars(
        sa.select(ClaimDecision).where(ClaimDecision.claim_id == claim_id).order_by(ClaimDecision.created_at)
    )
    return list(rows)


def report(*, year: int, office: str | None) -> sa.Select[Any]:
    """Per line of `year`: its budget, what is approved and pending against it, and the claims' counts."""
    b, c = BudgetLine, ExpenseClaim

    def total(state: str) -> Any:
        return sa.func.coalesce(sa.func.sum(sa.case((c.state == state, c.amount_yuan), else_=0)), 0)

    def count(state: str) -> Any:
        return sa.func.coalesce(sa.func.sum(sa.case((c.state == state, 1), else_=0)), 0)

    return (
        sa.select(
            b,
            total(ClaimState.approved.value).label("approved_yuan"),
            total(ClaimState.submitted.value).label("pending_yuan"),
            count(ClaimState.approved.value).label("approved_claims"),
            count(ClaimState.submitted.value).label("pending_claims"),
            count(ClaimState.rejected.value).label("rejected_claims"),
        )
        .outerjoin(c, c.line_id == b.id)
        .where(*filters((b.year, year), (b.office, office)))
        .group_by(b.id)
        .order_by(b.office, b.code, b.id)
    )
