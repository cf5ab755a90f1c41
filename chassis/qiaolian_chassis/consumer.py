"""Durable pull consumers with an inbox: each event has one effect, however often it is delivered.

For every fetched batch:
1. Each message is parsed into its envelope and payload model. One that cannot be is poison: it is
   dead-lettered at once. So is an event whose `source` is not the producer of its stream
   (`urn:qiaolian:<producer>`): NATS permissions let only a producer publish on its subjects, and
   this is the second wall, for a forged event that reached a stream some other way.
2. The rest are handled in ONE transaction: their inbox rows are inserted, which tells the events
   not processed before, the handlers run for those (their own writes and emitted events join the
   transaction), it commits, and only then are the messages acknowledged. A handler marked with
   `@batch_handler` takes a list: each run of consecutive events of its type in the batch is handed
   to it at once, so a projection writes the run with one set-based statement instead of one
   statement per event (the order of events across types is kept).
3. If that transaction fails, the batch is retried message by message, each in its own transaction,
   so one bad message cannot hold back the others. A handler raising `Poison` is dead-lettered at
   once; any other error is transient: negative ack with a delay from the consumer's backoff, and
   dead-lettered when its deliveries reach `max_deliver`.
A dead letter is a row in the service's `dead_letters` table plus a message on the DEADLETTER
stream (appended through the outbox in the same transaction), and the original is terminated.
"""

from __future__ import annotations

import asyncio
import json
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js.errors import NotFoundError
from prometheus_client import Counter
from pydantic import ValidationError

from qiaolian_contracts.catalog import DEAD_LETTER_PREFIX, DEAD_LETTER_STREAM, EVENTS, type_of
from qiaolian_contracts.envelope import Envelope, RawEnvelope, envelope_of
from qiaolian_contracts.spec import ConsumerGroup

from . import pull
from .bus import Bus
from .db import insert_ignore
from .errors import Poison
from .logging import get_logger
from .uow import UnitOfWork, UnitOfWorkFactory, correlation

log = get_logger(__name__)

Handler = Callable[[UnitOfWork, Envelope[Any]], Awaitable[None]]
BatchHandler = Callable[[UnitOfWork, list[Envelope[Any]]], Awaitable[None]]


def batch_handler(fn: BatchHandler) -> BatchHandler:
    """Mark a handler that takes every consecutive event of its type in a fetched batch at once.

    For projections: it must give the same result as handling the events one by one in order. The
    correlation of events it emits is that of the run's first event.
    """
    fn.batched = True  # type: ignore[attr-defined]
    return fn


def is_batch_handler(fn: Any) -> bool:
    return getattr(fn, "batched", False)


def handles(
    *handlers: Handler | BatchHandler, by_type: dict[str, Handler | BatchHandler] | None = None
) -> dict[str, Handler]:
    """A consumer's handler map, keyed by the event type each handler's annotation names: a handler of
    `Envelope[PetitionAccepted]` (or a batch handler of `list[Envelope[PetitionFiled]]`) handles the one
    type the catalog has for that model. A model several types share is given by type instead:
    `handles(on_accepted, by_type={OVERDUE: on_overdue})`."""
    out: dict[str, Handler] = {}
    for fn in handlers:
        event_type = type_of(_payload_model(fn))
        if event_type in out:
            raise ValueError(f"two handlers for {event_type}")
        out[event_type] = fn  # type: ignore[assignment]
    for event_type, fn in (by_type or {}).items():
        if event_type not in EVENTS or event_type in out:
            raise ValueError(f"{event_type}: not in the catalog, or handled twice")
        out[event_type] = fn  # type: ignore[assignment]
    return out


def _payload_model(fn: Any) -> type:
    """The payload model of a handler's second parameter, `Envelope[Model]` or `list[Envelope[Model]]`."""
    hints = typing.get_type_hints(fn)
    params = [v for k, v in hints.items() if k != "return"]
    if len(params) != 2:
        raise TypeError(f"{fn.__qualname__}: a handler takes (uow, event)")
    ann = params[1]
    if typing.get_origin(ann) is list:
        ann = typing.get_args(ann)[0]
    args = getattr(ann, "__pydantic_generic_metadata__", {}).get("args", ())
    if getattr(ann, "__pydantic_generic_metadata__", {}).get("origin") is not Envelope or len(args) != 1:
        raise TypeError(f"{fn.__qualname__}: annotate the event as Envelope[Model]")
    model: type = args[0]
    return model


# how long one pull request waits for messages: a request sent to a node that then dies is never
# answered, so the consumer asks again (on the node it reconnected to) after at most this long
FETCH_WAIT_S = 1.0
HANDLED = Counter("qiaolian_consumer_messages_total", "Messages by outcome", ["consumer", "outcome"])


@dataclass(frozen=True)
class ConsumerTuning:
    """The runtime's view of a consumer: the catalog's values, possibly overridden by settings."""

    max_deliver: int
    backoff_s: tuple[float, ...]
    ack_wait_s: float
    batch: int

    @classmethod
    def of(
        cls,
        group: ConsumerGroup,
        max_deliver: int | None = None,
        backoff_s: list[float] | None = None,
        ack_wait_s: float | None = None,
    ) -> ConsumerTuning:
        return cls(
            max_deliver=max_deliver or group.max_deliver,
            backoff_s=tuple(backoff_s) if backoff_s else group.backoff_s,
            ack_wait_s=ack_wait_s or group.ack_wait_s,
            batch=group.batch,
        )

    def delay_for(self, delivered: int) -> float:
        return self.backoff_s[min(delivered - 1, len(self.backoff_s) - 1)]


class HandlerFailed(Exception):
    """A handler raised while applying a batch: which message, and why."""

    def __init__(self, index: int, cause: Exception) -> None:
        super().__init__(str(cause))
        self.index = index
        self.cause = cause


@dataclass
class Parsed:
    msg: Msg | None  # None when replaying a dead letter
    envelope: Envelope[Any]


def parse_raw(data: bytes, group: ConsumerGroup, event_type: str | None = None) -> Envelope[Any]:
    """The envelope with its payload validated, in one pass over the JSON when the type is known
    (a message's subject is its type); otherwise the type is read from the envelope first."""
    if event_type is None:
        event_type = RawEnvelope.model_validate_json(data).type
    if event_type not in group.events:
        raise Poison(f"{group.durable} does not handle {event_type}")
    spec = EVENTS[event_type]
    env = envelope_of(spec.model).model_validate_json(data)
    if env.type != event_type:
        raise Poison(f"envelope type {env.type} arrived on subject {event_type}")
    if env.source != source_of(spec.producer):
        raise ForgedSource(env, spec.producer, spec.stream)
    return env


def source_of(producer: str) -> str:
    return f"urn:qiaolian:{producer}"


class ForgedSource(Poison):
    """An event whose envelope names another source than the producer of the stream it came on."""

    def __init__(self, envelope: Envelope[Any], producer: str, stream: str) -> None:
        super().__init__(
            f"source {envelope.source} is not the producer of {stream} ({source_of(producer)}): forged, not applied"
        )
        self.envelope = envelope


def parse(msg: Msg, group: ConsumerGroup) -> Envelope[Any]:
    return parse_raw(msg.data, group, msg.subject)


class Consumer:
    def __init__(
        self,
        group: ConsumerGroup,
        handlers: dict[str, Handler],
        bus: Bus,
        uow: UnitOfWorkFactory,
        tuning: ConsumerTuning,
    ) -> None:
        missing, extra = set(group.events) - set(handlers), set(handlers) - set(group.events)
        if missing or extra:
            raise ValueError(
                f"{group.durable}: the handlers and the catalog differ: "
                f"no handler for {sorted(missing)}, not in the catalog {sorted(extra)}"
            )
        self.group = group
        self.handlers = handlers
        self.bus = bus
        self.uow = uow
        self.tuning = tuning
        self.inbox = uow.tables.inbox
        self.dead_letters = uow.tables.dead_letters

    async def run(self) -> None:
        js = await self.bus.wait_connected()
        while True:
            try:
                # the inbox prefix is the user's own: nats-py would otherwise use the connection's
                # (the same here), FastStream's subscribers would not (DESIGN.md)
                sub = await js.pull_subscribe_bind(
                    durable=self.group.durable, stream=self.group.stream, inbox_prefix=self.bus.pull_inbox_prefix
                )
                break
            except NotFoundError:
                log.error("consumer_not_provisioned", consumer=self.group.durable, stream=self.group.stream)
            except Exception as exc:
                log.warning("consumer_bind_failed", consumer=self.group.durable, error=type(exc).__name__)
            await asyncio.sleep(2)
        log.info("consumer_started", consumer=self.group.durable)
        lean = pull.supported(sub)
        while True:
            try:
                msgs = await (
                    pull.fetch(sub, self.tuning.batch, FETCH_WAIT_S)
                    if lean
                    else sub.fetch(batch=self.tuning.batch, timeout=FETCH_WAIT_S)
                )
            except (NatsTimeout, TimeoutError):
                continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # disconnected, server restarting: the subscription comes back
                log.warning("consumer_fetch_failed", consumer=self.group.durable, error=type(exc).__name__)
                await asyncio.sleep(0.5)
                continue
            try:
                await self.process(msgs)
            except asyncio.CancelledError:
                raise
            except Exception:
                # unacknowledged messages come back after ack_wait: nothing is lost
                log.exception("consumer_batch_failed", consumer=self.group.durable)
                await asyncio.sleep(1)

    async def process(self, msgs: list[Msg]) -> None:
        good: list[Parsed] = []
        for msg in msgs:
            try:
                good.append(Parsed(msg, parse(msg, self.group)))
            except ForgedSource as exc:
                await self._dead_letter(msg, exc.envelope, f"poison: {_short(exc)}")
            except (ValidationError, ValueError, Poison) as exc:
                await self._dead_letter(msg, None, f"invalid message: {_short(exc)}")
        if not good:
            return
        try:
            await self.apply(good)
        except Exception as exc:
            log.warning(
                "consumer_batch_rolled_back", consumer=self.group.durable, size=len(good), error=type(exc).__name__
            )
            # the handler that failed has had its try for this delivery; the others go one by one
            blamed = exc if isinstance(exc, HandlerFailed) else None  # None: nobody is blamed
            for i, p in enumerate(good):
                if blamed is not None and i == blamed.index:
                    await self._failed(p, blamed.cause)
                else:
                    await self._process_one(p)
            return
        for p in good:
            await p.msg.ack()  # type: ignore[union-attr]
        HANDLED.labels(self.group.durable, "applied").inc(len(good))

    async def apply(self, batch: list[Parsed]) -> None:
        """Handle a batch in one transaction, skipping events the inbox has already seen.

        The inbox rows go in first, `ON CONFLICT DO NOTHING RETURNING` the ones that are new: one
        statement that finds the unseen events by the primary key (a SELECT ... IN over a table the
        planner thinks empty, a fresh projection's, was a sequential scan per batch on PostgreSQL),
        and a second replica applying the same event waits for the first one's commit, then skips it.
        """
        durable = self.group.durable
        async with self.uow() as uow:
            unique: dict[str, None] = dict.fromkeys(p.envelope.id for p in batch)
            new_ids = set(
                (
                    await uow.session.execute(
                        insert_ignore(uow.session, self.inbox, ["consumer", "event_id"]).returning(
                            self.inbox.c.event_id
                        ),
                        [{"consumer": durable, "event_id": event_id, "processed_at": uow.now} for event_id in unique],
                    )
                ).scalars()
            )
            todo: list[tuple[int, Envelope[Any]]] = []
            for i, p in enumerate(batch):
                if p.envelope.id in new_ids:
                    new_ids.discard(p.envelope.id)  # a repeat within the batch is handled once
                    todo.append((i, p.envelope))
            start = 0
            while start < len(todo):
                i, first = todo[start]
                handler = self.handlers[first.type]
                end = start + 1
                if is_batch_handler(handler):
                    while end < len(todo) and todo[end][1].type == first.type:
                        end += 1
                token = correlation.set((first.correlationid, first.id))
                try:
                    if is_batch_handler(handler):
                        await handler(uow, [env for _, env in todo[start:end]])  # type: ignore[arg-type]
                    else:
                        await handler(uow, first)
                except Exception as exc:
                    # a run handled at once cannot name its culprit: every message is retried alone
                    raise HandlerFailed(i if end == start + 1 else -1, exc) from exc
                finally:
                    correlation.reset(token)
                start = end

    async def _process_one(self, p: Parsed) -> None:
        try:
            await self.apply([p])
        except HandlerFailed as exc:
            await self._failed(p, exc.cause)
            return
        except Exception as exc:  # the transaction itself failed (database away, lock timeout)
            await self._failed(p, exc)
            return
        await p.msg.ack()  # type: ignore[union-attr]
        HANDLED.labels(self.group.durable, "applied").inc()

    async def _failed(self, p: Parsed, exc: Exception) -> None:
        """Poison is dead-lettered at once; anything else is retried later, until max_deliver."""
        assert p.msg is not None
        delivered = p.msg.metadata.num_delivered
        if isinstance(exc, Poison):
            await self._dead_letter(p.msg, p.envelope, f"poison: {_short(exc)}")
        elif delivered >= self.tuning.max_deliver:
            await self._dead_letter(p.msg, p.envelope, f"failed {delivered} deliveries: {_short(exc)}")
        else:
            delay = self.tuning.delay_for(delivered)
            log.warning(
                "event_nacked",
                consumer=self.group.durable,
                event_id=p.envelope.id,
                delivered=delivered,
                retry_in_s=delay,
                error=type(exc).__name__,
            )
            HANDLED.labels(self.group.durable, "nacked").inc()
            await p.msg.nak(delay=delay)

    async def _dead_letter(self, msg: Msg, env: Envelope[Any] | None, error: str) -> None:
        meta = msg.metadata
        record = {
            "consumer": self.group.durable,
            "stream": meta.stream,
            "stream_seq": meta.sequence.stream,
            "subject": msg.subject,
            "event_id": env.id if env else (msg.headers or {}).get("Nats-Msg-Id"),
            "event_type": env.type if env else None,
            "deliveries": meta.num_delivered,
            "error": error[:2000],
            "payload": msg.data,
        }
        async with self.uow() as uow:
            exists = await uow.session.scalar(
                sa.select(self.dead_letters.c.id).where(
                    self.dead_letters.c.consumer == record["consumer"],
                    self.dead_letters.c.stream_seq == record["stream_seq"],
                )
            )
            if exists is None:
                await uow.session.execute(sa.insert(self.dead_letters).values(**record, created_at=uow.now))
                notice = {k: v for k, v in record.items() if k != "payload"}
                notice["payload"] = msg.data.decode("utf-8", errors="replace")
                uow.emit_raw(
                    DEAD_LETTER_STREAM,
                    f"{DEAD_LETTER_PREFIX}.{uow.service}.{self.group.durable}",
                    f"dl-{self.group.durable}-{meta.stream}-{meta.sequence.stream}",
                    json.dumps(notice, ensure_ascii=False).encode(),
                )
        log.error(
            "event_dead_lettered",
            consumer=self.group.durable,
            stream=meta.stream,
            stream_seq=meta.sequence.stream,
            event_id=record["event_id"],
            error=error[:200],
        )
        HANDLED.labels(self.group.durable, "dead_lettered").inc()
        await msg.term()


def _short(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
    return str(exc)[:500] or type(exc).__name__
