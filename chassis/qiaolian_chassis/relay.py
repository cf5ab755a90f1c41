"""The outbox relay: publishes committed outbox rows to JetStream in order, marks them after the PubAck.

- Rows are read in id order and published pipelined (`publish_async`), each with `Nats-Msg-Id` = its
  event id, so a row published twice (a relay that died between publish and mark) is stored once
  within the stream's duplicate window; past it, subscribers' inboxes drop the repeat.
- Only the acknowledged prefix of a batch is marked published; the rest is retried from the first
  failure, so a failed publish never lets a later row overtake it for good.
- It wakes when a unit of work commits events and also polls, which covers rows committed by another
  process or left by a crash.
- With PostgreSQL and several replicas, a transaction-scoped advisory lock lets one relay publish
  at a time; the others find the lock taken and wait for the next round.
- On PostgreSQL a round holds the lock over several batches (up to `ROUND_BATCHES`) and overlaps
  them: while one batch is published, the previous one's acknowledged rows are marked on a second
  connection (by their ids, as ever). The next batch is read past the last id read, since the rows
  before it may not be marked yet; a row committed meanwhile with a lower id is left to the next round.
  SQLite has one writer: there a round is one batch, read, published, then marked.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from prometheus_client import Counter, Gauge

from qiaolian_contracts.envelope import CONTENT_TYPE

from .bus import Bus
from .db import WRITE, Database
from .logging import get_logger
from .tables import ChassisTables

log = get_logger(__name__)

PUBLISHED = Counter("qiaolian_outbox_published_total", "Outbox rows published and acknowledged", ["service"])
PENDING = Gauge("qiaolian_outbox_pending", "Outbox rows not yet published", ["service"])
PUBLISH_ERRORS = Counter("qiaolian_outbox_publish_errors_total", "Failed outbox publish rounds", ["service"])
# a PubAck not back after ACK_TIMEOUT_S fails the round: when the node leading a stream dies, its
# publishes in flight are never answered, and the rows are published again (deduplicated by
# Nats-Msg-Id) to the new leader as soon as one is elected, not after a longer wait
ACK_TIMEOUT_S = 3.0
RETRY_MAX_S = 1.0  # the longest pause between failed rounds: a leader election takes a few seconds
ROUND_BATCHES = 20  # on PostgreSQL: the batches one round publishes under the lock, each overlapped


class Relay:
    def __init__(
        self,
        service: str,
        db: Database,
        tables: ChassisTables,
        bus: Bus,
        batch: int = 500,
        poll_s: float = 1.0,
        ack_timeout_s: float = ACK_TIMEOUT_S,
    ) -> None:
        self.service = service
        self.db = db
        self.outbox = tables.outbox
        self.bus = bus
        self.batch = batch
        self.poll_s = poll_s
        self.ack_timeout_s = ack_timeout_s
        self._wake = asyncio.Event()
        self._lock_key = int.from_bytes(hashlib.sha256(f"relay:{service}".encode()).digest()[:8], "big", signed=True)

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        await self.bus.wait_connected()
        failures = 0
        while True:
            self._wake.clear()
            try:
                published = await self.drain_once()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failures += 1
                PUBLISH_ERRORS.labels(self.service).inc()
                log.warning("relay_round_failed", error=type(exc).__name__, detail=str(exc)[:200])
                await asyncio.sleep(min(0.2 * 2**failures, RETRY_MAX_S))
                continue
            if published >= self.batch:
                continue  # a full batch: there is probably more
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_s)
            except TimeoutError:
                pass

    async def pending(self) -> int:
        async with self.db.engine.connect() as conn:
            n = await conn.scalar(
                sa.select(sa.func.count()).select_from(self.outbox).where(self.outbox.c.published_at.is_(None))
            )
        PENDING.labels(self.service).set(n or 0)
        return int(n or 0)

    def _batch_query(self, after: int | None = None) -> Any:
        o = self.outbox
        q = sa.select(o.c.id, o.c.event_id, o.c.stream, o.c.subject, o.c.payload).where(o.c.published_at.is_(None))
        if after is not None:
            q = q.where(o.c.id > after)
        return q.order_by(o.c.id).limit(self.batch)

    async def _mark(self, ids: list[int]) -> None:
        """Mark published, in a short transaction of its own (PostgreSQL: beside the lock's)."""
        o = self.outbox
        async with self.db.engine.begin() as conn:
            await conn.execute(sa.update(o).where(o.c.id.in_(ids)).values(published_at=datetime.now(UTC)))

    async def _drain_overlapped(self) -> int:
        """PostgreSQL: up to ROUND_BATCHES batches under the advisory lock, each one's publishing
        overlapped with the marking of the one before; returns how many rows were acknowledged."""
        total = 0
        marking: asyncio.Task[None] | None = None
        async with self.db.engine.connect() as conn:
            got = await conn.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(self._lock_key)))
            if not got:
                return 0
            try:
                after: int | None = None
                for _ in range(ROUND_BATCHES):
                    rows = (await conn.execute(self._batch_query(after))).all()
                    if not rows:
                        break
                    acked = await self._publish(rows)  # meanwhile the batch before is being marked
                    if marking is not None:
                        await marking
                        marking = None
                    if acked:
                        marking = asyncio.create_task(self._mark([r.id for r in rows[:acked]]))
                    PUBLISHED.labels(self.service).inc(acked)
                    total += acked
                    if acked < len(rows):
                        raise RuntimeError(f"published {acked} of {len(rows)} outbox rows")
                    if len(rows) < self.batch:
                        break
                    after = rows[-1].id
                if marking is not None:
                    await marking
                    marking = None
            finally:
                if marking is not None:  # an error above: the rows acked so far are still marked
                    with contextlib.suppress(Exception):
                        await asyncio.shield(marking)
                await conn.commit()  # releases the lock
        return total

    async def drain_once(self) -> int:
        """Publish unpublished rows (one batch; on PostgreSQL a round of overlapped batches); returns
        how many were acknowledged."""
        if not self.bus.connected:
            return 0
        if not self.db.is_sqlite:
            return await self._drain_overlapped()
        o = self.outbox
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(self._batch_query())).all()
            if not rows:
                return 0
            # a read on SQLite: it ends here, so no snapshot is held while we wait on NATS, and the
            # marking below is a short write of its own
            await conn.commit()
            await conn.execution_options(**{WRITE: True})
            acked = await self._publish(rows)
            async with self.db.writing():
                if acked:
                    ids = [r.id for r in rows[:acked]]
                    await conn.execute(sa.update(o).where(o.c.id.in_(ids)).values(published_at=datetime.now(UTC)))
                await conn.commit()
        PUBLISHED.labels(self.service).inc(acked)
        if acked < len(rows):
            raise RuntimeError(f"published {acked} of {len(rows)} outbox rows")
        return acked

    async def _publish(self, rows: Sequence[Any]) -> int:
        js = self.bus.js
        futures = []
        try:
            for r in rows:
                headers = {"Nats-Msg-Id": r.event_id, "Content-Type": CONTENT_TYPE}
                futures.append(await js.publish_async(r.subject, r.payload, headers=headers, stream=r.stream))
        except Exception as exc:
            log.warning("relay_publish_failed", error=type(exc).__name__)
        if not futures:
            return 0
        done, not_done = await asyncio.wait(futures, timeout=self.ack_timeout_s)
        for f in not_done:
            f.cancel()
        for f in done:  # retrieved, so that asyncio does not log the failures after the first
            if not f.cancelled():
                f.exception()
        acked = 0
        for f in futures:  # the acknowledged prefix, in order
            if f in done and not f.cancelled() and f.exception() is None:
                acked += 1
            else:
                if f in done and not f.cancelled():
                    log.warning("relay_publish_nacked", error=str(f.exception())[:200])
                break
        return acked
