"""The chassis's batch fetch against a real nats-server: what is there comes at once, a message that
arrives while it waits comes at once, nothing comes as a timeout, redeliveries come back, and the
subscription still drains and closes promptly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from qiaolian_chassis import pull
from qiaolian_contracts.nats_users import inbox_prefix
from qiaolian_deploy.natsserver import NatsServer


@dataclass
class Bus:
    """The JetStream pull protocol under NATS permissions, as the services run it: a producer's user
    publishes, a consuming service's user pulls its own durable with replies on its own inbox."""

    publisher: Any  # personnel's JetStream context
    js: Any  # rights's
    inbox: bytes

    async def publish(self, data: bytes) -> None:
        await self.publisher.publish(SUBJECT, data)

    async def bind(self) -> Any:
        return await self.js.pull_subscribe_bind(durable=DURABLE, stream=STREAM, inbox_prefix=self.inbox)


STREAM, DURABLE, SUBJECT = "PERSONNEL", "rights--staff", "qiaolian.personnel.pull_test.happened.v1"


@pytest.fixture
async def js(tmp_path: Path) -> AsyncIterator[Bus]:
    server = NatsServer(tmp_path / "nats", bcrypt_cost=4).start()
    admin = await server.connect("provisioner")
    await admin.jetstream().add_stream(StreamConfig(name=STREAM, subjects=["qiaolian.personnel.>"]))
    await admin.jetstream().add_consumer(
        STREAM, ConsumerConfig(durable_name=DURABLE, ack_policy=AckPolicy.EXPLICIT, ack_wait=30)
    )
    await admin.close()
    producer = await server.connect("personnel")
    nc = await server.connect("rights")
    yield Bus(producer.jetstream(), nc.jetstream(), f"{inbox_prefix('rights')}.".encode())
    for c in (producer, nc):
        if not c.is_closed:
            await c.close()
    server.stop()


async def test_what_is_available_comes_in_batches_and_a_status_never_reaches_the_caller(js: Bus) -> None:
    psub = await js.bind()
    assert pull.supported(psub)
    for i in range(10):
        await js.publish(str(i).encode())
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


async def test_a_message_published_while_waiting_is_returned_at_once(js: Bus) -> None:
    psub = await js.bind()

    async def later() -> None:
        await asyncio.sleep(0.3)
        await js.publish(b"late")

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


async def test_the_subscription_drains_promptly_after_fetching(js: Bus) -> None:
    psub = await js.bind()
    await js.publish(b"one")
    for m in await pull.fetch(psub, 8, 2.0):
        await m.ack()
    t0 = time.monotonic()
    await js.js._nc.drain()  # waits for every message taken off the queue to be marked done
    assert time.monotonic() - t0 < 2.0
