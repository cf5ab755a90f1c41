"""The establishment's table: approved slots per office and post level."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class Establishment(Base):
    """Approved slots (編制) of an office at a post level."""

    __tablename__ = "establishment"

    office: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    post_level: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    approved: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
