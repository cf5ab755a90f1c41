"""The registry's entries: names, country, field, hometown; never phones, addresses or documents."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.search import TrigramSearch
from qiaolian_chassis.tables import UtcDateTime

from ..database import Base

# a part of an entry's name, as the registry's search takes it (migrations 0019_search15_names and
# 0025_search15_bigrams)
RESOURCE_NAMES = TrigramSearch("registry_resources", ("name_zh", "name_romanised"), bigram_chars=200)


class Resource(Base):
    __tablename__ = "registry_resources"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # the source record's id
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # person, association
    source: Mapped[str] = mapped_column(sa.String(20))  # the producing office: liaison
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    name_romanised: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    field: Mapped[str] = mapped_column(sa.String(64), index=True)
    hometown: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    association_id: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str | None] = mapped_column(
        sa.String(20), index=True
    )  # an association's: active, dormant, dissolved
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
