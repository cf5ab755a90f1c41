"""Fetching a batch from a durable pull consumer, with less work per message than nats-py's `fetch`.

nats-py's `PullSubscription.fetch` waits for each message of a batch with `next_msg`, which makes two
tasks and a uuid per message: over a third of a consumer's CPU at 10 000 events a second. This does
the same exchange with the server (the JetStream pull protocol: a request on
`$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>` whose replies come to the subscription's inbox)
and takes the replies off the subscription's queue directly, under one timeout:

1. messages already queued (late replies to an earlier request) are returned at once;
2. otherwise a `no_wait` request asks for what is available now: replies are taken until the batch
   is full or the server's status message (404 no messages, 408 request ended) closes it;
3. if nothing was available, a request waiting up to `timeout` is sent; the first message returns
   the call with whatever else has arrived with it, and the rest of that request's replies are
   taken by the next call (step 1).
Status messages never reach the caller. A call that gets nothing raises `nats.errors.TimeoutError`,
as `fetch` does. It relies on three attributes of nats-py's PullSubscription (`_sub`, `_nms`,
`_deliver`); `supported()` checks them, and the consumer falls back to `fetch` without them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import Header, StatusCode


def supported(psub: Any) -> bool:
    sub = getattr(psub, "_sub", None)
    return sub is not None and hasattr(sub, "_pending_queue") and hasattr(psub, "_nms") and hasattr(psub, "_deliver")


async def fetch(psub: Any, batch: int, timeout: float) -> list[Msg]:
    sub = psub._sub
    queue: asyncio.Queue[Msg] = sub._pending_queue
    nc = sub._conn
    msgs: list[Msg] = []

    def take(msg: Msg) -> bool:
        """Keep a message; True when it is a status that ends the request."""
        queue.task_done()  # as next_msg does: draining the subscription waits for the queue to be done
        sub._pending_size -= len(msg.data)
        status = msg.headers.get(Header.STATUS) if msg.headers else None
        if not status:
            msgs.append(msg)
            return False
        return status != StatusCode.CONTROL_MESSAGE  # heartbeats and flow control go on

    def take_queued() -> None:
        while not queue.empty() and len(msgs) < batch:
            take(queue.get_nowait())  # a status here closed an earlier request: nothing to wait for

    take_queued()
    if msgs:
        return msgs
    try:
        async with asyncio.timeout(timeout):
            await nc.publish(psub._nms, json.dumps({"batch": batch, "no_wait": True}).encode(), psub._deliver)
            while len(msgs) < batch and not take(await queue.get()):
                pass
            if msgs:
                return msgs
            expires = max(int(timeout * 1e9) - 1_000_000, 1_000_000)
            await nc.publish(psub._nms, json.dumps({"batch": batch, "expires": expires}).encode(), psub._deliver)
            while not msgs:
                take(await queue.get())  # statuses of earlier requests: keep waiting for a message
            take_queued()
            return msgs
    except TimeoutError:
        if msgs:
            return msgs
        raise NatsTimeout from None
