"""The chassis tables every service has in its own database: outbox, inbox, dead letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER keys only


class _UtcDateTime(sa.TypeDecorator[datetime]):
    """Every timestamp column of every service (tests/test_timestamps.py checks): stored in UTC and
    comes back aware, in UTC, on every backend: SQLite keeps no offset and would
    hand back a naive value, which the API would then print without one (not an RFC 3339 date-time)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        """Stored in UTC: SQLite would keep the wall time of another offset (10:00+08:00 as 10:00) and
        give it back as 10:00Z; a naive value is taken as UTC already."""
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)  # type: ignore[no-any-return]
        return value  # type: ignore[no-any-return]

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value  # type: ignore[no-any-return]


UtcDateTime = _UtcDateTime()

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


AUDIT = "audit"  # created by audit.create_audit_table, not by create_chassis_tables


def audit_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        AUDIT,
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(200), nullable=False),
        sa.Column("record_id", sa.String(200), nullable=True),
        sa.Column("fields", sa.String(500), nullable=True),  # the personal fields returned, comma-separated
        sa.Column("request_id", sa.String(64), nullable=True),
        sa.Index("ix_audit_account_at", "account_id", "at"),
        sa.Index("ix_audit_record", "record_id"),
        sa.Index("ix_audit_at", "at"),
    )


@dataclass(frozen=True)
class ChassisTables:
    outbox: sa.Table
    inbox: sa.Table
    dead_letters: sa.Table
    audit: sa.Table

    @classmethod
    def on(cls, metadata: sa.MetaData) -> ChassisTables:
        outbox = sa.Table(
            "outbox",
            metadata,
            sa.Column("id", BigId, primary_key=True, autoincrement=True),
            sa.Column("event_id", sa.String(64), nullable=False, unique=True),
            sa.Column("event_type", sa.String(200), nullable=False),
            sa.Column("stream", sa.String(64), nullable=False),
            sa.Column("subject", sa.String(200), nullable=False),
            sa.Column("payload", sa.LargeBinary, nullable=False),
            sa.Column("created_at", UtcDateTime, nullable=False),
            sa.Column("published_at", UtcDateTime, nullable=True),
            sa.Index("ix_outbox_unpublished", "published_at", "id"),
        )
        inbox = sa.Table(
            "inbox",
            metadata,
            sa.Column("consumer", sa.String(100), primary_key=True),
            sa.Column("event_id", sa.String(64), primary_key=True),
            sa.Column("processed_at", UtcDateTime, nullable=False),
        )
        dead_letters = sa.Table(
            "dead_letters",
            metadata,
            sa.Column("id", BigId, primary_key=True, autoincrement=True),
            sa.Column("consumer", sa.String(100), nullable=False, index=True),
            sa.Column("stream", sa.String(64), nullable=False),
            sa.Column("stream_seq", sa.BigInteger, nullable=False),
            sa.Column("subject", sa.String(200), nullable=False),
            sa.Column("event_id", sa.String(64), nullable=True),
            sa.Column("event_type", sa.String(200), nullable=True),
            sa.Column("deliveries", sa.Integer, nullable=False),
            sa.Column("error", sa.Text, nullable=False),
            sa.Column("payload", sa.LargeBinary, nullable=False),
            sa.Column("created_at", UtcDateTime, nullable=False),
            sa.Column("replayed_at", UtcDateTime, nullable=True),
            sa.UniqueConstraint("consumer", "stream_seq", name="uq_dead_letters_consumer_seq"),
        )
        return cls(outbox, inbox, dead_letters, audit_table(metadata))


def new_metadata() -> sa.MetaData:
    return sa.MetaData(naming_convention=NAMING)


def create_chassis_tables(op: object) -> None:
    """Chassis tables for a service's first migration: every service calls this from its 0001 revision.

    Later changes to the chassis tables get a function of their own here, called from a new revision
    in each service, so the definition is still written once.
    """
    metadata = new_metadata()
    tables = ChassisTables.on(metadata)
    bind = op.get_bind()  # type: ignore[attr-defined]
    for table in (tables.outbox, tables.inbox, tables.dead_letters):
        table.create(bind)


def drop_chassis_tables(op: object) -> None:
    for name in ("dead_letters", "inbox", "outbox"):
        op.drop_table(name)  # type: ignore[attr-defined]
