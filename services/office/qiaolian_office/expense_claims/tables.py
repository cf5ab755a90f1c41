"""Budget lines, the expense claims against them and the decisions of each claim's approval chain."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class BudgetLine(Base):
    """One office's budget for one purpose (`code`) in one year."""

    __tablename__ = "budget_lines"
    __table_args__ = (sa.UniqueConstraint("office", "year", "code"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(200))
    amount_yuan: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ExpenseClaim(Base):
    __tablename__ = "expense_claims"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    line_id: Mapped[str] = mapped_column(sa.ForeignKey("budget_lines.id"), index=True)
    cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)  # the claimant
    office: Mapped[str] = mapped_column(sa.String(20), index=True)  # the claimant's (and the line's) office
    amount_yuan: Mapped[int] = mapped_column(sa.BigInteger)
    purpose: Mapped[str] = mapped_column(sa.String(500))
    spent_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    submitted_on: Mapped[date] = mapped_column(sa.Date, index=True)
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    rejected_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ClaimDecision(Base):
    """One step of a claim's chain, approved or rejected; a step is decided once."""

    __tablename__ = "expense_claim_decisions"
    __table_args__ = (sa.UniqueConstraint("claim_id", "step"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    claim_id: Mapped[str] = mapped_column(sa.ForeignKey("expense_claims.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(40))
    approved: Mapped[bool] = mapped_column(sa.Boolean)
    decided_by: Mapped[str] = mapped_column(sa.String(100))
    decided_on: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
