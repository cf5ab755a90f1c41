"""The testing fixture every service's tests share: a service on a migrated SQLite file at a fixed
time, with an outbox reader. A pytest plugin (the repository's conftest.py loads it):

    async def test_x(service_at):
        office = await service_at(definition(), datetime(2026, 3, 1, tzinfo=timezone.utc))
        async with office.uow() as uow: ...
        assert await office.facts("task.assigned.v1") == [...]

Calls for one service share its database file; each call has a clock of its own (`clock.advance`).

A service's whole HTTP app in process (no relay, no consumers: no NATS), for tests over its API:

    async with in_process(definition(), datetime(2026, 3, 1, 2, tzinfo=UTC), tmp_path) as svc:
        await svc.add_staff("c1", office="office")
        async with svc.client({"office.clerk"}, cadre_id="c1") as c:
            created = ok(await c.post("/tasks", json=...), 201)

Tokens: the plugin makes one signing key for the test session and gives every service built in it
the public half (`QIAOLIAN_TOKEN_PUBLIC_KEY`), and a console started in it the key itself
(`CONSOLE_SIGNING_KEY`), so the console's tokens and `bearer(service, roles)`, the header of a person
with those roles as the console would sign it, verify alike.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from qiaolian_contracts.access import PERMISSIONS

from .auth import Principal, TokenSigner
from .clock import FixedClock
from .db import Database
from .keys import new_signing_key, public_key_of
from .service import ServiceDefinition, build_app
from .settings import ServiceSettings
from .uow import UnitOfWorkFactory

# one key for a test run and every process it starts (a benchmark or chaos run started by a test
# inherits it through the environment, so its tokens verify at the services the test started)
SIGNING_KEY = os.environ.get("CONSOLE_SIGNING_KEY", "").encode() or new_signing_key()
PUBLIC_KEY = public_key_of(SIGNING_KEY)
EVERY_ROLE = frozenset(r for roles in PERMISSIONS.values() for r in roles)


def trust_test_key() -> None:
    """Services started from here on (in this process or as its children) verify tokens with the
    test session's key."""
    os.environ.setdefault("QIAOLIAN_TOKEN_PUBLIC_KEY", PUBLIC_KEY.decode())
    os.environ.setdefault("CONSOLE_SIGNING_KEY", SIGNING_KEY.decode())


def pytest_configure(config: pytest.Config) -> None:
    trust_test_key()


def bearer(
    service: str,
    roles: frozenset[str] | set[str] | None = None,
    *,
    account_id: str = "test-account",
    cadre_id: str | None = None,
    office: str | None = None,
    key: bytes | None = None,
) -> dict[str, str]:
    """The Authorization header of a person with `roles` (every role when None) for `service`."""
    who = Principal(
        account_id=account_id, cadre_id=cadre_id, office=office, roles=frozenset(EVERY_ROLE if roles is None else roles)
    )
    return {"authorization": f"Bearer {TokenSigner(key or SIGNING_KEY).sign(who, service)}"}


@asynccontextmanager
async def fresh_postgres(base: str | None = None, prefix: str = "qiaolian_t") -> AsyncIterator[str]:
    """The URL of a new database on `base`'s PostgreSQL server (QIAOLIAN_TEST_DATABASE_URL's when None),
    dropped afterwards; the test is skipped when there is no server to use."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    base = base or os.environ.get("QIAOLIAN_TEST_DATABASE_URL")
    if not base:
        pytest.skip("no PostgreSQL: set QIAOLIAN_TEST_DATABASE_URL")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@asynccontextmanager
async def database_url(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database for one test: `sqlite` a file in `tmp_path`, `postgresql` a fresh PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/{uuid.uuid4().hex[:12]}.db"
        return
    async with fresh_postgres() as url:
        yield url


class TokenAuth(httpx.Auth):
    """httpx auth that sends a token as the console does, signed anew past half its life (tokens live
    five minutes; a test session lives longer): `httpx.Client(base_url=..., auth=TokenAuth("rights"))`."""

    def __init__(
        self,
        service: str,
        roles: frozenset[str] | set[str] | None = None,
        *,
        account_id: str = "test-account",
        cadre_id: str | None = None,
        office: str | None = None,
        key: bytes | None = None,
    ) -> None:
        self.service = service
        self.who = Principal(
            account_id=account_id,
            cadre_id=cadre_id,
            office=office,
            roles=frozenset(EVERY_ROLE if roles is None else roles),
        )
        self.signer = TokenSigner(key or SIGNING_KEY)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["authorization"] = f"Bearer {self.signer.token_for(self.who, self.service)}"
        yield request


@dataclass
class ServiceDb:
    definition: ServiceDefinition
    db: Database
    uow: UnitOfWorkFactory
    clock: FixedClock

    async def outbox(self, suffix: str = "") -> list[dict[str, Any]]:
        """The envelopes in the outbox whose type ends with `suffix`, oldest first."""
        outbox = self.definition.tables.outbox
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
        return [json.loads(r.payload) for r in rows if r.event_type.endswith(suffix)]

    async def facts(self, suffix: str = "") -> list[dict[str, Any]]:
        """The payloads (`data`) of the events in the outbox whose type ends with `suffix`, oldest first."""
        return [e["data"] for e in await self.outbox(suffix)]


ServiceAt = Callable[[ServiceDefinition, datetime], Awaitable[ServiceDb]]


@pytest.fixture
async def service_at(tmp_path: Path) -> AsyncIterator[ServiceAt]:
    """`await service_at(definition, now)`: the service migrated on a SQLite file under tmp_path, its
    units of work at `now` (and later, through the returned clock)."""
    made: list[Database] = []

    async def at(definition: ServiceDefinition, now: datetime) -> ServiceDb:
        db = Database(
            f"sqlite+aiosqlite:///{tmp_path}/{definition.name}.db", definition.metadata, definition.migrations
        )
        await db.migrate()
        made.append(db)
        clock = FixedClock(now)
        return ServiceDb(
            definition,
            db,
            UnitOfWorkFactory(db, definition.name, definition.tables, on_commit=lambda: None, clock=clock.now),
            clock,
        )

    yield at
    for db in made:
        await db.dispose()


@dataclass
class InProcess(ServiceDb):
    """A service's HTTP app in process (`build_app`, migrated) at a fixed time: its database, units of work,
    clock and outbox as `ServiceDb`'s; any other attribute is the service object's (`scheduler`)."""

    app: FastAPI

    def __getattr__(self, name: str) -> Any:
        if name == "app":  # not set yet (a copy being made): no service to ask
            raise AttributeError(name)
        return getattr(self.app.state.service, name)

    def client(self, auth: TokenAuth | set[str] | frozenset[str] | None = None, **claims: Any) -> httpx.AsyncClient:
        """A client of the app (`async with svc.client(...) as c`) signed in as `auth`, or with the roles
        given (every role when None) and `claims` (cadre_id, office, account_id)."""
        if not isinstance(auth, TokenAuth):
            auth = TokenAuth(self.definition.name, auth, **claims)
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app, raise_app_exceptions=False),
            base_url=f"http://{self.definition.name}",
            auth=auth,
        )

    async def add_staff(
        self,
        *cadre_ids: str,
        office: str,
        name: str = "王芳",
        post: str = "科員",
        since: date = date(2025, 1, 1),
        appointment_id: str | None = None,
    ) -> None:
        """Cadres in the service's staff projection (chassis/staff.py), as personnel's appointments put them;
        each one's appointment id is its cadre id unless one is given."""
        table = self.definition.metadata.tables["staff"]
        async with self.uow() as u:
            for cadre_id in cadre_ids:
                await u.session.execute(
                    sa.insert(table).values(
                        cadre_id=cadre_id,
                        name=name,
                        office=office,
                        post=post,
                        since=since,
                        appointment_id=appointment_id or cadre_id,
                    )
                )

    async def dispose(self) -> None:
        await self.db.dispose()


async def start_in_process(
    definition: ServiceDefinition, now: datetime | FixedClock, where: Path | str, **settings: Any
) -> InProcess:
    """The service's app at `now`, migrated, on `where`: a database URL, or a directory for a SQLite file
    (the same file on every start: a restart). `settings` are ServiceSettings' (`env="dev"`). The caller
    disposes of it (`await svc.dispose()`); `in_process` does that itself."""
    clock = now if isinstance(now, FixedClock) else FixedClock(now)
    url = where if isinstance(where, str) else f"sqlite+aiosqlite:///{where}/{definition.name}.db"
    app = build_app(
        definition,
        ServiceSettings(service=definition.name, database_url=url, nats_url="nats://127.0.0.1:1", **settings),
        clock=clock,
    )
    service = app.state.service
    await service.db.migrate()
    return InProcess(service.definition, service.db, service.uow, clock, app)


@asynccontextmanager
async def in_process(
    definition: ServiceDefinition, now: datetime | FixedClock, where: Path | str, **settings: Any
) -> AsyncIterator[InProcess]:
    """`start_in_process`, disposed of afterwards."""
    svc = await start_in_process(definition, now, where, **settings)
    try:
        yield svc
    finally:
        await svc.dispose()


def ok(r: httpx.Response, status: int = 200) -> Any:
    """The body of an answer with `status` (the answer's text in the failure otherwise)."""
    assert r.status_code == status, r.text
    return r.json()


def invalid(r: httpx.Response, field: str) -> None:
    """A 422 that names `field` among its errors."""
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]], r.text


def forbidden(r: httpx.Response, permission: str) -> None:
    """A 403 problem that names the `permission` missing."""
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["permission"] == permission
