"""Identity reviews and the certificates submitted for them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class IdentityReview(Base):
    __tablename__ = "identity_reviews"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    federation_id: Mapped[str] = mapped_column(sa.ForeignKey("federations.id"), index=True)
    leader_name: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[str] = mapped_column(sa.String(50))
    identity_type: Mapped[str] = mapped_column(sa.String(30), index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    missing: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    submitted_on: Mapped[date] = mapped_column(sa.Date)
    verified_on: Mapped[date | None] = mapped_column(sa.Date)
    filed_on: Mapped[date | None] = mapped_column(sa.Date)
    filed_by: Mapped[str | None] = mapped_column(sa.String(64))
    filed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IdentityDocument(Base):
    """A certificate submitted for a review; its number is personal data and never leaves personnel."""

    __tablename__ = "identity_documents"
    __table_args__ = (sa.UniqueConstraint("review_id", "code"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    review_id: Mapped[str] = mapped_column(sa.ForeignKey("identity_reviews.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    certificate_number: Mapped[str] = mapped_column(sa.String(100))
    issued_by: Mapped[str | None] = mapped_column(sa.String(200))
