"""Safety's tables: inspections and their findings, fire drills, equipment and its checks."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class SafetyInspection(Base):
    __tablename__ = "safety_inspections"
    __table_args__ = (sa.Index("ix_safety_inspections_inspected", "inspected_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    premises: Mapped[str] = mapped_column(sa.String(200))
    inspected_on: Mapped[date] = mapped_column(sa.Date)
    inspector_id: Mapped[str] = mapped_column(sa.String(64))  # a cadre of the staff directory
    note: Mapped[str | None] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SafetyFinding(Base):
    __tablename__ = "safety_findings"
    __table_args__ = (sa.Index("ix_safety_findings_state_due", "state", "due_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(sa.ForeignKey("safety_inspections.id"), index=True)
    description: Mapped[str] = mapped_column(sa.String(1000))
    office: Mapped[str] = mapped_column(sa.String(20))  # the office that must rectify it
    due_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20))
    rectified_on: Mapped[date | None] = mapped_column(sa.Date)
    rectification: Mapped[str | None] = mapped_column(sa.String(1000))  # what was done


class FireDrill(Base):
    __tablename__ = "fire_drills"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    premises: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    participants: Mapped[int] = mapped_column(sa.Integer)
    scenario: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SafetyEquipment(Base):
    __tablename__ = "safety_equipment"
    __table_args__ = (sa.Index("ix_safety_equipment_state_next", "state", "next_check_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    location: Mapped[str] = mapped_column(sa.String(200))
    serial: Mapped[str | None] = mapped_column(sa.String(60))
    next_check_on: Mapped[date] = mapped_column(sa.Date)
    last_checked_on: Mapped[date | None] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20))
    retired_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SafetyEquipmentCheck(Base):
    __tablename__ = "safety_equipment_checks"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    equipment_id: Mapped[str] = mapped_column(sa.ForeignKey("safety_equipment.id"), index=True)
    checked_on: Mapped[date] = mapped_column(sa.Date)
    result: Mapped[str] = mapped_column(sa.String(20))
    checker_id: Mapped[str] = mapped_column(sa.String(64))  # a cadre of the staff directory
    next_check_on: Mapped[date] = mapped_column(sa.Date)
