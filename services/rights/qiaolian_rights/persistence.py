"""rights' tables. Petitioner identity and the matter's text live only here."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .domain import petition_deadline_kinds

from qiaolian_chassis.deadlines import Deadlines
from qiaolian_chassis.staff import StaffProjection
from qiaolian_chassis.tables import ChassisTables, UtcDateTime, new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


chassis = ChassisTables.on(Base.metadata)
staff = StaffProjection(Base.metadata, office="rights")
deadlines = Deadlines(Base.metadata, petition_deadline_kinds())


class Petition(Base):
    __tablename__ = "petitions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20))
    petitioner_name: Mapped[str] = mapped_column(sa.String(100))
    petitioner_status: Mapped[str] = mapped_column(sa.String(40))
    petition_class: Mapped[str] = mapped_column(sa.String(40), index=True)
    category: Mapped[str] = mapped_column(sa.String(64))
    summary: Mapped[str] = mapped_column(sa.Text)
    received_on: Mapped[date] = mapped_column(sa.Date)
    first_decision_due: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(30), index=True)
    accepted_on: Mapped[date | None] = mapped_column(sa.Date)
    handling_due: Mapped[date | None] = mapped_column(sa.Date)
    handler_cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


metadata = Base.metadata
