"""What every concept of the console shares: the SQLAlchemy Base and its metadata, the chassis tables
(outbox, inbox, dead letters, audit) and the column type of instants. The console publishes no
events; its outbox carries only the dead letters of its consumer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from qiaolian_chassis.tables import ChassisTables, new_metadata


class Instant(sa.TypeDecorator[datetime]):
    """A point in time, always read back as an aware UTC datetime. SQLite keeps no time zone, and the
    console compares instants (lock ends, session expiry) with the clock's aware `now`."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("an instant needs a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = new_metadata()


metadata = Base.metadata
chassis = ChassisTables.on(metadata)
