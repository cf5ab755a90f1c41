"""Commendations, their nominations, and the objections lodged during the notice."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Commendation(Base):
    __tablename__ = "commendations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    notice_starts_on: Mapped[date | None] = mapped_column(sa.Date)
    notice_ends_on: Mapped[date | None] = mapped_column(sa.Date)
    decided_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Nomination(Base):
    __tablename__ = "nominations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    commendation_id: Mapped[str] = mapped_column(sa.ForeignKey("commendations.id"), index=True)
    nominee_kind: Mapped[str] = mapped_column(sa.String(20))
    nominee_name: Mapped[str] = mapped_column(sa.String(200))
    cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    nominated_by: Mapped[str | None] = mapped_column(sa.String(100))  # the signed-in person (None before 0005)
    # nominated -> approved | not_approved (review); approved -> withdrawn (objection upheld) | awarded
    state: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Objection(Base):
    __tablename__ = "objections"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    nomination_id: Mapped[str] = mapped_column(sa.ForeignKey("nominations.id"), index=True)
    lodged_on: Mapped[date] = mapped_column(sa.Date)
    summary: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20))  # lodged, upheld, dismissed
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CommendationDecision(Base):
    """Who decided a step of a commendation's chain (`rules.CHAIN`), one row per decision (a review per
    nomination; `nomination_id` is None for publicize and award)."""

    __tablename__ = "commendation_decisions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    commendation_id: Mapped[str] = mapped_column(sa.ForeignKey("commendations.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(20))
    nomination_id: Mapped[str | None] = mapped_column(sa.String(64))
    decided_by: Mapped[str] = mapped_column(sa.String(100))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
