"""The NATS connection of a process: connects in the background and keeps reconnecting."""

from __future__ import annotations

import asyncio

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from .logging import get_logger

log = get_logger(__name__)


class Bus:
    """Owns one NATS connection. Commands keep working while NATS is away: the outbox holds events."""

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name
        self.nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        return self.nc is not None and self.nc.is_connected

    @property
    def js(self) -> JetStreamContext:
        if self._js is None:
            raise RuntimeError("not connected to NATS yet")
        return self._js

    async def wait_connected(self) -> JetStreamContext:
        await self._ready.wait()
        return self.js

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_loop(), name=f"{self.name}-nats-connect")

    async def _connect_loop(self) -> None:
        delay = 0.2
        while True:
            try:
                self.nc = await nats.connect(
                    self.url,
                    name=self.name,
                    connect_timeout=2,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    error_cb=self._on_error,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                )
            except Exception as exc:  # server not up yet: keep trying, the outbox waits
                log.warning("nats_connect_failed", url=self.url, error=type(exc).__name__, retry_in_s=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            self._js = self.nc.jetstream(timeout=10)
            log.info("nats_connected", url=self.url)
            self._ready.set()
            return

    async def _on_error(self, exc: Exception) -> None:
        # a permission violation surfaces as a timeout elsewhere: this is where it is visible
        log.warning("nats_error", error=str(exc))

    async def _on_disconnected(self) -> None:
        log.warning("nats_disconnected")

    async def _on_reconnected(self) -> None:
        log.info("nats_reconnected")

    async def close(self) -> None:
        if self._task and not self._task.done():
            self._task.cancel()
        if self.nc is not None and not self.nc.is_closed:
            try:
                await asyncio.wait_for(self.nc.drain(), timeout=5)
            except Exception:
                await self.nc.close()
