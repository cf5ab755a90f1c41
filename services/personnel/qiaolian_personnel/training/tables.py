"""Training plans, courses and trainees."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class TrainingPlan(Base):
    __tablename__ = "training_plans"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    required_hours: Mapped[Decimal] = mapped_column(sa.Numeric(6, 1))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Course(Base):
    __tablename__ = "training_courses"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(sa.ForeignKey("training_plans.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(6, 1))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Trainee(Base):
    __tablename__ = "trainees"
    __table_args__ = (sa.UniqueConstraint("course_id", "cadre_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    course_id: Mapped[str] = mapped_column(sa.ForeignKey("training_courses.id"), index=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    state: Mapped[str] = mapped_column(sa.String(20))  # enrolled, completed
    completed_hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(6, 1))
    completed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
