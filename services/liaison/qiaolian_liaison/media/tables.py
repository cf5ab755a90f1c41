"""Tables of media outlets and their coverage. An outlet's contact person stays here only."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class MediaOutlet(Base):
    __tablename__ = "media_outlets"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    contact_name: Mapped[str | None] = mapped_column(sa.String(100))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    contact_email: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Coverage(Base):
    __tablename__ = "media_coverage"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    published_on: Mapped[date] = mapped_column(sa.Date, index=True)
    url: Mapped[str | None] = mapped_column(sa.String(1000))
    subject_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
