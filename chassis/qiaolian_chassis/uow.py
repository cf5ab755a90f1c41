"""The unit of work: one transaction for a command's changes and the events it appends to the outbox.

It rolls back unless the block ends normally; after a commit that appended events it wakes the relay.
A write that runs into a unique key (two requests filing the same thing at once: the second one's check
saw nothing yet, its INSERT meets the first one's row) is a `Conflict` (409), here for every command.
"""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_contracts.catalog import EVENTS, type_of
from qiaolian_contracts.envelope import CONTENT_TYPE, Payload, make_envelope

from .clock import CHINA
from .db import Database, unique_violation
from .errors import Conflict
from .logging import get_logger
from .tables import ChassisTables

log = get_logger(__name__)

# (correlationid, causationid) of the request or event being handled
correlation: contextvars.ContextVar[tuple[str | None, str | None]] = contextvars.ContextVar(
    "correlation", default=(None, None)
)


@dataclass
class OutboxMessage:
    event_id: str
    event_type: str
    stream: str
    subject: str
    payload: bytes


@dataclass
class UnitOfWork:
    session: AsyncSession
    service: str
    tables: ChassisTables
    now: datetime
    pending: list[OutboxMessage] = field(default_factory=list)

    @property
    def today(self) -> date:
        """The office's date of this unit of work: the federation works on Beijing time."""
        return self.now.astimezone(CHINA).date()

    def emit(self, subject: str, data: Payload, *, event_type: str | None = None) -> str:
        """Append a domain fact about `subject` (the aggregate's id) to the outbox; it is published after
        this transaction commits. The type comes from the catalog by the payload's model; a model that
        several types share (a decision, a deadline) needs `event_type`."""
        event_type = event_type or type_of(type(data))
        spec = EVENTS[event_type]
        if spec.producer != self.service:
            raise ValueError(f"{self.service} cannot publish {event_type}")
        if not isinstance(data, spec.model):
            raise TypeError(f"{event_type} carries {spec.model.__qualname__}, not {type(data).__qualname__}")
        corr, cause = correlation.get()
        env = make_envelope(
            event_type=event_type,
            producer=self.service,
            subject=subject,
            data=data,
            correlationid=corr,
            causationid=cause,
        )
        self.pending.append(
            OutboxMessage(env.id, event_type, spec.stream, spec.subject, env.model_dump_json().encode())
        )
        return env.id

    def emit_raw(self, stream: str, subject: str, message_id: str, payload: bytes) -> None:
        """Append a message that is not a domain event (a dead letter) to the outbox."""
        self.pending.append(OutboxMessage(message_id, "", stream, subject, payload))

    async def flush_outbox(self) -> None:
        if not self.pending:
            return
        await self.session.execute(
            sa.insert(self.tables.outbox),
            [
                {
                    "event_id": m.event_id,
                    "event_type": m.event_type,
                    "stream": m.stream,
                    "subject": m.subject,
                    "payload": m.payload,
                    "created_at": self.now,
                }
                for m in self.pending
            ],
        )


class UnitOfWorkFactory:
    def __init__(
        self,
        db: Database,
        service: str,
        tables: ChassisTables,
        on_commit: Callable[[], None],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.db = db
        self.service = service
        self.tables = tables
        self.on_commit = on_commit
        self.clock = clock or (lambda: datetime.now(UTC))

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[UnitOfWork]:
        try:
            async with self.db.writing(), self.db.write_sessions() as session:
                async with session.begin():
                    uow = UnitOfWork(session, self.service, self.tables, self.clock())
                    yield uow
                    await uow.flush_outbox()
        except sa.exc.IntegrityError as exc:
            key = unique_violation(exc)
            if key is None:
                raise
            table, columns = key
            log.info("unique_key_conflict", table=table, columns=columns)
            raise Conflict(
                f"another request has just recorded the same {', '.join(columns) or 'key'} in {table}",
                table=table,
                key=columns,
            ) from None
        if uow.pending:
            self.on_commit()


__all__ = ["CONTENT_TYPE", "UnitOfWork", "UnitOfWorkFactory", "correlation"]
