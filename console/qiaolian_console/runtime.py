"""What the console's routes share at run time: its settings, the chassis service (database, units of
work, clock), the password hasher, the token signer and the one HTTP client of the proxy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from fastapi import Request

from qiaolian_chassis.auth import TokenSigner
from qiaolian_chassis.db import Database
from qiaolian_chassis.service import Service
from qiaolian_chassis.uow import UnitOfWorkFactory

from .accounts.passwords import Passwords
from .sessions.rules import LockoutPolicy
from .settings import ConsoleSettings


@dataclass
class Console:
    settings: ConsoleSettings
    service: Service
    passwords: Passwords
    signer: TokenSigner
    transport: httpx.AsyncBaseTransport | None = None  # tests hand the proxy an in-process service
    demo: bool = False  # demo accounts with the public password can sign in (accounts/demo.py)
    _client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    @property
    def db(self) -> Database:
        return self.service.db

    @property
    def uow(self) -> UnitOfWorkFactory:
        return self.service.uow

    def now(self) -> datetime:
        return self.service.clock.now()

    @property
    def lockout(self) -> LockoutPolicy:
        s = self.settings
        return LockoutPolicy(
            s.lockout_failures, timedelta(minutes=s.lockout_window_minutes), timedelta(minutes=s.lockout_minutes)
        )

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("the console has not started")
        return self._client

    async def start(self) -> None:
        timeout = httpx.Timeout(self.settings.proxy_timeout_s, connect=5.0)
        self._client = httpx.AsyncClient(
            transport=self.transport,
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=40),
        )

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def console_of(request: Request) -> Console:
    console: Console = request.app.state.console
    return console
