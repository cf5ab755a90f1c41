"""The chassis's batch fetch against a real nats-server: what is there comes at once, a message that
arrives while it waits comes at once, nothing comes as a timeout, redeliveries come back, and the
subscription still drains and closes promptly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from qiaolian_chassis import pull
from qiaolian_deploy.natsserver import NatsServer


@pytest.fixture
async def js(tmp_path: Path) -> AsyncIterator[Any]:
    server = NatsServer(tmp_path / "nats").start()
    nc = await nats.connect(server.url)
    js = nc.jetstream()
    await js.add_stream(StreamConfig(name="T", subjects=["t.>"]))
    await js.add_consumer("T", ConsumerConfig(durable_name="d", ack_policy=AckPolicy.EXPLICIT, ack_wait=30))
    yield js
    if not nc.is_closed:
        await nc.close()
    server.stop()


async def test_what_is_available_comes_in_batches_and_a_status_never_reaches_the_caller(js: Any) -> None:
    psub = await js.pull_subscribe_bind(durable="d", stream="T")
    assert pull.supported(psub)
    for i in range(10):
        await js.publish("t.x", str(i).encode())
    got = []
    for expected in (4, 4, 2):
        msgs = await pull.fetch(psub, 4, 2.0)
        assert len(msgs) == expected and all(not m.headers or "Status" not in m.headers for m in msgs)
        for m in msgs:
            await m.ack()
        got += [m.data.decode() for m in msgs]
    assert got == [str(i) for i in range(10)]  # in stream order, each once
    with pytest.raises(NatsTimeout):
        await pull.fetch(psub, 4, 0.3)


async def test_a_message_published_while_waiting_is_returned_at_once(js: Any) -> None:
    psub = await js.pull_subscribe_bind(durable="d", stream="T")

    async def later() -> None:
        await asyncio.sleep(0.3)
        await js.publish("t.x", b"late")

    task = asyncio.create_task(later())
    t0 = time.monotonic()
    msgs = await pull.fetch(psub, 256, 5.0)
    waited = time.monotonic() - t0
    await task
    assert [m.data for m in msgs] == [b"late"] and 0.25 < waited < 1.5
    await msgs[0].nak()  # comes back
    again = await pull.fetch(psub, 256, 5.0)
    assert [m.data for m in again] == [b"late"] and again[0].metadata.num_delivered == 2
    await again[0].ack()


async def test_the_subscription_drains_promptly_after_fetching(js: Any) -> None:
    psub = await js.pull_subscribe_bind(durable="d", stream="T")
    await js.publish("t.x", b"one")
    for m in await pull.fetch(psub, 8, 2.0):
        await m.ack()
    t0 = time.monotonic()
    await js._nc.drain()  # waits for every message taken off the queue to be marked done
    assert time.monotonic() - t0 < 2.0
