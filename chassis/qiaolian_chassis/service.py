"""The skeleton every service shares: one definition per service, one runtime that wires it.

A service is one process: an HTTP API, the outbox relay, a consumer per durable it subscribes
with, and (later) its deadline scheduler. `ServiceDefinition` is all a service declares; `Service`
builds everything else the same way for all four.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field

from qiaolian_contracts.catalog import consumed_by
from qiaolian_contracts.envelope import Envelope, RawEnvelope

from . import asyncapi
from .auth import TokenVerifier, permission_of, permit
from .bus import Bus
from .clock import Clock, SystemClock, beijing_midnight, today
from .consumer import Consumer, ConsumerTuning, Handler, HandlerFailed, Parsed, parse_raw
from .db import Database, filters
from .deadlines import Deadlines, Scheduler, Sweep, calendar_warning
from .errors import Conflict, NotFound, Poison
from .exports import add_list_exports
from .http import Page, PageParams, RowId, create_app, page_params, paginate
from .logging import configure_logging, get_logger
from .relay import Relay
from .settings import ServiceSettings
from .supervision import read_failing
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
    sweeps: list[Sweep] = field(default_factory=list)  # run by the scheduler before the deadlines

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
        self.db = Database(settings.db_url, definition.metadata, definition.migrations, settings.durability)
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
            Scheduler(definition.deadlines, self.uow, self.clock, settings.scheduler_interval_s, definition.sweeps)
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

    def warnings(self) -> list[str]:
        """What the operator should see to, without the service being unready: a missing year of the
        holiday calendar (`deadlines.calendar_warning`)."""
        if self.definition.deadlines is None:
            return []
        warning = calendar_warning(today(self.clock), self.definition.deadlines.calendar())
        return [warning] if warning else []

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


async def audit_read(request: Request, record_ids: Iterable[str], fields: Iterable[str]) -> None:
    """Write that the signed-in person was shown these personal fields of these records (ACCESS.md:
    every read that returns a personal field is audited). Nothing when no personal field was shown."""
    shown = sorted(set(fields))
    if not shown:
        return
    async with get_service(request).uow() as uow:
        uow.audit_read(list(dict.fromkeys(record_ids)), shown)


def admin_router() -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["operations"], dependencies=[permit("operations")])

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
    async def replay(dead_letter_id: RowId, request: Request) -> dict[str, Any]:
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
        warnings=service.warnings,
        asyncapi_doc=definition.asyncapi,
        failing_peers=lambda: read_failing(settings.supervisor_status_file),
    )
    app.state.service = service
    app.state.verifier = TokenVerifier(settings.token_key(), definition.name)

    def on_day() -> date:
        return today(service.clock)

    for router in [*definition.routers, audit_router()]:
        add_list_exports(router, on_day)  # GET <list>/export beside each list (chassis/exports.py)
        app.include_router(router)
    app.include_router(admin_router())
    require_permissions(app)
    document_permissions(app)
    return app


class AuditRow(BaseModel):
    id: int
    at: datetime
    account_id: str
    action: str = Field(description="METHOD /path/template of the request")
    record_id: str | None
    fields: list[str] = Field(description="the personal fields the request returned (reads); empty for commands")
    request_id: str | None


def audit_router() -> APIRouter:
    router = APIRouter(tags=["audit"])

    @router.get(
        "/audit",
        summary="The audit log: every command, and every read of personal fields",
        dependencies=[permit("audit.read")],
    )
    async def list_audit(
        request: Request,
        account_id: str | None = Query(None, max_length=64),
        record_id: str | None = Query(None, max_length=200),
        from_on: date | None = Query(None, description="from this Beijing date"),
        to_on: date | None = Query(None, description="to this Beijing date, inclusive"),
        page: PageParams = Depends(page_params),
    ) -> Page[AuditRow]:
        svc = get_service(request)
        a = svc.definition.tables.audit
        stmt = sa.select(a).where(
            *filters(
                (a.c.account_id, account_id),
                (a.c.record_id, record_id),
                ranges=(
                    (a.c.at, beijing_midnight(from_on), beijing_midnight(to_on + timedelta(days=1)) if to_on else None),
                ),
            )
        )

        def out(r: Any) -> AuditRow:
            return AuditRow(
                id=r.id,
                at=r.at,
                account_id=r.account_id,
                action=r.action,
                record_id=r.record_id,
                fields=r.fields.split(",") if r.fields else [],
                request_id=r.request_id,
            )

        async with svc.db.engine.connect() as conn:
            return await paginate(conn, stmt.order_by(a.c.id.desc()), page, out, scalars=False)

    return router


# what anyone may read without signing in: health, and the documents that describe the interface
OPEN_PATHS = frozenset(
    {"/health/live", "/health/ready", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/docs/asyncapi"}
)


def api_routes(app: FastAPI) -> list[Any]:
    """Every API route of the app as it serves it: an included router's routes are not in
    `app.routes` themselves (FastAPI keeps one entry per included router), so they are walked with
    their router's prefix and dependencies."""
    return [r for r in iter_route_contexts(app.routes) if isinstance(r.original_route, APIRoute)]


def require_permissions(app: FastAPI) -> None:
    """Refuse an app with a route that declares no permission: no data without a verified identity."""
    bare = [
        f"{sorted(r.methods or [])} {r.path}"
        for r in api_routes(app)
        if r.path not in OPEN_PATHS and permission_of(r) is None
    ]
    if bare:
        raise RuntimeError(f"routes without a permission: {bare}")


def document_permissions(app: FastAPI) -> None:
    """Each operation of the app's OpenAPI document names its permission in `x-permission`: the web
    console offers only the menus and actions the signed-in roles reach, from the document itself."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = build()
            for method, path, permission in permission_matrix(app):
                if (operation := doc["paths"].get(path, {}).get(method.lower())) is not None:
                    operation["x-permission"] = permission
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def permission_matrix(app: FastAPI) -> list[tuple[str, str, str]]:
    """(method, path, permission) of every route of the app that needs one, sorted by path."""
    rows: list[tuple[str, str, str]] = []
    for r in api_routes(app):
        if (permission := permission_of(r)) is not None:
            rows.extend((m, r.path, permission) for m in sorted(r.methods or ()))
    return sorted(rows, key=lambda row: (row[1], row[0]))


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
