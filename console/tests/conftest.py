"""The console as its tests see it: the whole app on a migrated SQLite file at a fixed time, with clients
that keep their own cookies (one per browser), and accounts made through its own commands."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.keys import new_signing_key
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import fresh_postgres
from qiaolian_console.accounts import commands
from qiaolian_console.app import build
from qiaolian_console.runtime import Console
from qiaolian_console.sessions.guard import CSRF_COOKIE
from qiaolian_console.settings import ConsoleSettings
from qiaolian_deploy.natsserver import NatsServer

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
KEY = new_signing_key()
# cheap hashes: the tests sign in hundreds of times (production costs are the settings' defaults)
CHEAP = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}


def console_settings(**overrides: Any) -> ConsoleSettings:
    return ConsoleSettings(**{"environment": "production", "signing_key": KEY.decode(), **CHEAP, **overrides})


@dataclass
class Browser:
    """One browser: its cookies, and the CSRF token the web app would read from `qiaolian_csrf`."""

    http: httpx.AsyncClient

    @property
    def csrf(self) -> str | None:
        return self.http.cookies.get(CSRF_COOKIE)

    async def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        return await self.http.post("/auth/login", json={"username": username, "password": password})

    async def send(self, method: str, url: str, **kw: Any) -> httpx.Response:
        """A change, with the CSRF header as the web app sends it."""
        headers = {"X-CSRF-Token": self.csrf or "", **kw.pop("headers", {})}
        return await self.http.request(method, url, headers=headers, **kw)


@dataclass
class Running:
    app: FastAPI
    console: Console
    clock: FixedClock
    browsers: list[Browser] = field(default_factory=list)

    def browser(self) -> Browser:
        b = Browser(httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://127.0.0.1"))
        self.browsers.append(b)
        return b

    async def account(
        self,
        username: str,
        roles: set[str] | frozenset[str] = frozenset(),
        *,
        password: str = PASSWORD,
        cadre_id: str | None = None,
        office: str | None = None,
    ) -> str:
        password_hash = await self.console.passwords.hash(password)
        async with self.console.uow() as uow:
            a = await commands.create_account(
                uow,
                commands.CreateAccount(username, password_hash, frozenset(roles), cadre_id=cadre_id, office=office),
                "test",
            )
        return a.id

    async def signed_in(self, username: str, roles: set[str] | frozenset[str] = frozenset(), **kw: Any) -> Browser:
        await self.account(username, roles, **kw)
        b = self.browser()
        r = await b.login(username)
        assert r.status_code == 200, r.text
        return b


StartConsole = Callable[..., Awaitable[Running]]


@pytest.fixture
async def start_console(tmp_path: Path) -> AsyncIterator[StartConsole]:
    """`await start_console(**settings)`: the console app, started (migrated), on tmp_path/console.db."""
    stack: list[tuple[Any, Running]] = []

    async def start(
        *,
        upstream: httpx.AsyncBaseTransport | None = None,
        nats_url: str = "nats://127.0.0.1:1",
        now: datetime = NOW,
        database_url: str | None = None,
        nats_credentials_file: Path | None = None,
        **overrides: Any,
    ) -> Running:
        clock = FixedClock(now)
        chassis = ServiceSettings(
            service="console",
            nats_url=nats_url,
            nats_credentials_file=nats_credentials_file,
            relay_poll_s=0.1,
            database_url=database_url or f"sqlite+aiosqlite:///{tmp_path}/console.db",
        )
        app = build(console_settings(**overrides), chassis, clock, upstream)
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        running = Running(app, app.state.console, clock)
        stack.append((lifespan, running))
        return running

    yield start
    for lifespan, running in reversed(stack):
        for b in running.browsers:
            await b.http.aclose()
        await lifespan.__aexit__(None, None, None)


@pytest.fixture
async def running(start_console: StartConsole) -> Running:
    return await start_console()


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "nats").start()
    yield server
    server.stop()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async with fresh_postgres(prefix="qiaolian_console") as url:
        yield url
