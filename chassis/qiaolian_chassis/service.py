"""The skeleton every service shares: one definition per service, one runtime that wires it.

A service is one process: an HTTP API, the outbox relay, a consumer per durable it subscribes
with, and (later) its deadline scheduler. `ServiceDefinition` is all a service declares; `Service`
builds everything else the same way for all four.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, FastAPI, Request

from qiaolian_contracts.catalog import consumed_by
from qiaolian_contracts.envelope import Envelope, RawEnvelope

from . import asyncapi
from .bus import Bus
from .clock import Clock, SystemClock
from .consumer import Consumer, ConsumerTuning, Handler, HandlerFailed, Parsed, parse_raw
from .db import Database
from .deadlines import Deadlines, Scheduler
from .errors import Conflict, NotFound, Poison
from .http import Page, PageParams, create_app, page_params, paginate
from .logging import configure_logging, get_logger
from .relay import Relay
from .settings import ServiceSettings
from .tables import ChassisTables
from .uow import UnitOfWorkFactory

log = get_logger(__name__)


@dataclass
class ServiceDefinition:
    name: str
    title: str
    description: str
    metadata: sa.MetaData
    tables: ChassisTables
    package_dir: Path
    routers: list[APIRouter]
    # durable consumer name -> event type -> handler
    handlers: dict[str, dict[str, Handler]] = field(default_factory=dict)
    deadlines: Deadlines | None = None

    @property
    def migrations(self) -> Path:
        return self.package_dir / "migrations"

    def asyncapi(self) -> dict[str, Any]:
        return _asyncapi_cached(self.name, self.title, self.description)


@lru_cache(maxsize=8)
def _asyncapi_cached(name: str, title: str, description: str) -> dict[str, Any]:
    return asyncapi.build(name, title, description)


class Service:
    def __init__(self, definition: ServiceDefinition, settings: ServiceSettings, clock: Clock | None = None) -> None:
        self.definition = definition
        self.settings = settings
        self.clock = clock or SystemClock()
        self.name = definition.name
        self.db = Database(settings.db_url, definition.metadata, definition.migrations)
        self.bus = Bus(
            settings.nats_url, name=definition.name, credentials=settings.nats_credentials(default_user=definition.name)
        )
        self.relay = Relay(
            definition.name,
            self.db,
            definition.tables,
            self.bus,
            batch=settings.relay_batch,
            poll_s=settings.relay_poll_s,
        )
        self.uow = UnitOfWorkFactory(
            self.db, definition.name, definition.tables, on_commit=self.relay.wake, clock=self.clock.now
        )
        self.consumers = [
            Consumer(
                group,
                definition.handlers.get(group.durable, {}),
                self.bus,
                self.uow,
                ConsumerTuning.of(
                    group, settings.consumer_max_deliver, settings.consumer_backoff_s, settings.consumer_ack_wait_s
                ),
            )
            for group in consumed_by(definition.name)
        ]
        self.scheduler = (
            Scheduler(definition.deadlines, self.uow, self.clock, settings.scheduler_interval_s)
            if definition.deadlines
            else None
        )
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        if self.settings.migrate_on_start:
            await self.db.migrate()
        self.bus.start()
        self._spawn(self.relay.run(), "relay")
        for c in self.consumers:
            self._spawn(c.run(), c.group.durable)
        if self.scheduler:
            self._spawn(self.scheduler.run(), "deadline-scheduler")
        log.info("service_started", port=self.settings.port, consumers=[c.group.durable for c in self.consumers])

    def _spawn(self, coro: Any, name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        task.add_done_callback(_report_crash)
        self._tasks.append(task)

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.bus.close()
        await self.db.dispose()
        log.info("service_stopped")

    async def readiness(self) -> dict[str, str]:
        checks = {}
        try:
            await self.db.ping()
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        checks["nats"] = "ok" if self.bus.connected else "disconnected"
        return checks

    async def replay_dead_letter(self, dead_letter_id: int) -> dict[str, Any]:
        """Run a dead-lettered event through its consumer again (the inbox keeps it to one effect)."""
        dl = self.definition.tables.dead_letters
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(sa.select(dl).where(dl.c.id == dead_letter_id))).first()
        if row is None:
            raise NotFound(f"dead letter {dead_letter_id} not found")
        if row.replayed_at is not None:
            raise Conflict(f"dead letter {dead_letter_id} was already replayed", current_state="replayed")
        consumer = next((c for c in self.consumers if c.group.durable == row.consumer), None)
        if consumer is None:
            raise NotFound(f"consumer {row.consumer} is not run by {self.name}")
        try:
            envelope = parse_raw(row.payload, consumer.group)
        except (Poison, ValueError) as exc:  # still invalid, or forged: it never will be handled
            raise Conflict(
                f"dead letter {dead_letter_id} cannot be replayed: {str(exc)[:300]}", current_state="dead_lettered"
            ) from exc
        try:
            await consumer.apply([Parsed(None, envelope)])
        except HandlerFailed as exc:
            raise Conflict(
                f"replay of dead letter {dead_letter_id} failed again: {exc.cause}", current_state="dead_lettered"
            ) from exc.cause
        async with self.uow() as uow:
            await uow.session.execute(sa.update(dl).where(dl.c.id == dead_letter_id).values(replayed_at=uow.now))
        return {"id": dead_letter_id, "event_id": envelope.id, "replayed": True}


def _report_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("background_task_crashed", task=task.get_name(), error=repr(task.exception()))


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def admin_router() -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["operations"])

    @router.get("/dead-letters")
    async def list_dead_letters(request: Request, page: PageParams = Depends(page_params)) -> Page[dict[str, Any]]:
        svc = get_service(request)
        dl = svc.definition.tables.dead_letters
        cols = [
            dl.c.id,
            dl.c.consumer,
            dl.c.stream,
            dl.c.stream_seq,
            dl.c.subject,
            dl.c.event_id,
            dl.c.event_type,
            dl.c.deliveries,
            dl.c.error,
            dl.c.created_at,
            dl.c.replayed_at,
        ]
        async with svc.db.engine.connect() as conn:
            return await paginate(
                conn, sa.select(*cols).order_by(dl.c.id), page, lambda r: dict(r._mapping), scalars=False
            )

    @router.post("/dead-letters/{dead_letter_id}/replay")
    async def replay(dead_letter_id: int, request: Request) -> dict[str, Any]:
        return await get_service(request).replay_dead_letter(dead_letter_id)

    @router.get("/outbox")
    async def outbox_status(request: Request) -> dict[str, int]:
        return {"pending": await get_service(request).relay.pending()}

    return router


def build_app(
    definition: ServiceDefinition, settings: ServiceSettings | None = None, clock: Clock | None = None
) -> FastAPI:
    settings = settings or ServiceSettings.for_service(definition.name)
    service = Service(definition, settings, clock)
    app = create_app(
        title=f"qiaolian {definition.title}",
        description=definition.description,
        lifespan_hooks=(service.start, service.stop),
        ready_check=service.readiness,
        asyncapi_doc=definition.asyncapi,
    )
    app.state.service = service
    for router in definition.routers:
        app.include_router(router)
    app.include_router(admin_router())
    return app


def serve(definition_factory: Callable[[], ServiceDefinition]) -> None:
    """Entry point of a service process: `python -m qiaolian_<service>`."""
    import uvicorn

    definition = definition_factory()
    settings = ServiceSettings.for_service(definition.name)
    configure_logging(definition.name, settings.log_level)
    app = build_app(definition, settings)
    uvicorn.run(
        app, host=settings.host, port=settings.port, log_config=None, access_log=False, timeout_graceful_shutdown=5
    )


__all__ = ["Envelope", "RawEnvelope", "Service", "ServiceDefinition", "build_app", "get_service", "serve"]
