"""Composition root of the console: the chassis skeleton (database, inbox consumer, health, metrics,
dead letters, audit) with the console's routers, its consumer of personnel's events, its key and its
proxy client.

The chassis's `build_app` makes the app; the console adds to it what a producing service has no use
for: the token signer, the password hasher, the proxy's HTTP client (opened and closed with the app,
around the chassis's own start and stop) and the demo accounts.

Two things differ from a service, on purpose:
- The console's own routers are included after `build_app`, not through it: the chassis refuses a
  route that declares no bearer-token permission, and the console's routes are the ones people reach
  with a session cookie (sign-in itself and the proxy need no permission at all). They are guarded by
  `sessions.guard` instead, and a test walks every route to prove it.
- The chassis's routes of the console (`/metrics`, `/admin/…`, `/audit`) verify bearer tokens like a
  service's, with the console's own public key: people reach them through the proxy as any service's,
  `/api/console/audit` for the auditor, `/api/console/admin/dead-letters` for the operator.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from qiaolian_chassis.auth import TokenSigner
from qiaolian_chassis.clock import Clock
from qiaolian_chassis.http import problem
from qiaolian_chassis.keys import new_signing_key, public_key_of
from qiaolian_chassis.logging import get_logger
from qiaolian_chassis.service import Service, ServiceDefinition, build_app
from qiaolian_chassis.settings import ServiceSettings

from . import web
from .accounts import demo
from .accounts import events as account_events
from .accounts import routes as accounts
from .accounts.passwords import Passwords
from .calendar import routes as calendar
from .database import chassis, metadata
from .login_log import routes as login_log
from .proxy import routes as proxy
from .runtime import Console
from .sessions import routes as sessions
from .sessions.commands import LockedOut
from .sessions.guard import PersonOfTheRequest
from .settings import ConsoleSettings
from .todo import events as todo_events
from .todo import routes as todo

log = get_logger(__name__)
NAME = "console"


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name=NAME,
        title="console (門戶)",
        description="Sign-in, sessions, accounts and the login log; forwards /api/<service>/… to the services "
        "with a short-lived signed token.",
        metadata=metadata,
        tables=chassis,
        package_dir=Path(__file__).parent,
        routers=[sessions.router, login_log.router, accounts.router, calendar.router, todo.router, proxy.router],
        handlers={"console--accounts": account_events.HANDLERS, **todo_events.HANDLERS},
    )


class MissingKey(SystemExit):
    pass


def signing_key(settings: ConsoleSettings) -> bytes:
    """The Ed25519 private key that signs the tokens. Outside development there is no default: without
    CONSOLE_SIGNING_KEY_FILE or CONSOLE_SIGNING_KEY the console does not start."""
    pem = settings.signing_key_pem()
    if pem is None:
        if not settings.is_dev:
            raise MissingKey(
                "console: set CONSOLE_SIGNING_KEY_FILE (or CONSOLE_SIGNING_KEY) to the Ed25519 key that "
                "signs the tokens; only QIAOLIAN_ENV=dev runs without one"
            )
        log.warning("signing_key_ephemeral", why="no CONSOLE_SIGNING_KEY_FILE in dev: no service can verify tokens")
        return new_signing_key()
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError:
        raise MissingKey("console: the signing key is not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise MissingKey("console: the signing key must be an Ed25519 key")
    return pem


def service_settings(settings: ConsoleSettings, **overrides: object) -> ServiceSettings:
    return ServiceSettings.for_service(NAME, **{"port": settings.port, **overrides})


def build(
    settings: ConsoleSettings | None = None,
    chassis_settings: ServiceSettings | None = None,
    clock: Clock | None = None,
    upstream: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or ConsoleSettings()
    if settings.demo and not settings.is_dev:
        raise SystemExit("console: CONSOLE_DEMO loads accounts with a public password: only with QIAOLIAN_ENV=dev")
    key = signing_key(settings)
    chassis_settings = (chassis_settings or service_settings(settings)).model_copy(
        update={"token_public_key_file": None, "token_public_key": public_key_of(key).decode()}
    )
    full = definition()
    app = build_app(dataclasses.replace(full, routers=[]), chassis_settings, clock)
    for router in full.routers:  # guarded by the session, not by a bearer token (see above)
        app.include_router(router)
    service: Service = app.state.service
    console = Console(
        settings,
        service,
        Passwords(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism),
        TokenSigner(key),
        upstream,
    )
    app.state.console = console

    chassis_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[None]:
        async with chassis_lifespan(a):  # migrations, the consumer, the relay of dead letters
            await console.start()
            try:
                if settings.demo:
                    await demo.load(console)
                console.demo = await demo.present(console)
                if console.demo:
                    log.warning("demo_mode", why="demo accounts with the public password can sign in")
                yield
            finally:
                await console.stop()

    app.router.lifespan_context = lifespan
    web.serve(app, settings.web_dir)  # last: its history fallback answers only what no route above does
    app.add_middleware(PersonOfTheRequest)

    @app.exception_handler(LockedOut)
    async def _locked(_req: Request, exc: LockedOut) -> JSONResponse:
        response = problem(exc.status, exc.title, exc.detail, **exc.extra)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    return app


def serve() -> None:
    """`python -m qiaolian_console`: on CONSOLE_PORT (8000)."""
    import uvicorn

    from qiaolian_chassis.logging import configure_logging

    settings = ConsoleSettings()
    chassis_settings = service_settings(settings)
    configure_logging(NAME, chassis_settings.log_level)
    app = build(settings, chassis_settings)
    uvicorn.run(
        app,
        host=chassis_settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
