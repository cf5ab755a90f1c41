"""The economic work's overseas contacts: names, country, field, hometown, organisation and notes.
No phones, e-mails or addresses are kept here."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class EconomicContact(Base):
    __tablename__ = "economic_contacts"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # person or organisation
    domain: Mapped[str] = mapped_column(sa.String(20), index=True)  # business, technology, professional
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    name_romanised: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    field: Mapped[str] = mapped_column(sa.String(64), index=True)
    hometown: Mapped[str | None] = mapped_column(sa.String(100))
    organisation: Mapped[str | None] = mapped_column(sa.String(200))  # a person's enterprise or institution
    notes: Mapped[str | None] = mapped_column(sa.Text)  # stays in rights
    status: Mapped[str] = mapped_column(sa.String(20), index=True)  # active, inactive
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
