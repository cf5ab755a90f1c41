"""The NATS connection of a process: connects in the background and keeps reconnecting.

It connects as one NATS user (contracts/nats_users.py) with that user's own inbox prefix,
`_INBOX_<user>`: the only subjects the user may subscribe to, so the replies of the JetStream API,
the PubAcks and the pulled messages must come there (pull subscriptions are given the prefix too).
A permission violation does not fail the call that caused it: the server answers with an error on
the connection and the call times out. `error_cb` is where it is visible: it is logged as
`nats_permission_violation` with the operation and subject (subjects carry no personal data).
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit, urlunsplit

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from qiaolian_contracts.nats_users import inbox_prefix

from .logging import get_logger
from .settings import NatsCredentials

log = get_logger(__name__)

ERROR_REPEAT_S = 30.0

_VIOLATION = re.compile(r"permissions violation for (\w+) (?:to|from|on) \"?([^\"\s]+)\"?", re.I)


def redact_url(url: str) -> str:
    """The URL without user info, for logs."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    return urlunsplit((parts.scheme, f"{host}:{parts.port}" if parts.port else host, parts.path, "", ""))


class Bus:
    """Owns one NATS connection. Commands keep working while NATS is away: the outbox holds events."""

    def __init__(self, url: str, name: str, credentials: NatsCredentials | None = None) -> None:
        self.url = url
        self.name = name
        self.credentials = credentials
        self.user = credentials.user if credentials else None
        # nats-py's default `_INBOX` when anonymous (a server that allows it has no permissions)
        self.inbox_prefix = inbox_prefix(self.user) if self.user else "_INBOX"
        self.nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._errors_seen: dict[str, tuple[float, int]] = {}

    @property
    def connected(self) -> bool:
        return self.nc is not None and self.nc.is_connected

    @property
    def js(self) -> JetStreamContext:
        if self._js is None:
            raise RuntimeError("not connected to NATS yet")
        return self._js

    @property
    def pull_inbox_prefix(self) -> bytes:
        """What a pull subscription's deliver subject starts with (nats-py appends a unique token)."""
        return f"{self.inbox_prefix}.".encode()

    async def wait_connected(self) -> JetStreamContext:
        await self._ready.wait()
        return self.js

    def start(self) -> None:
        if self.credentials is None:
            log.warning(
                "nats_no_credentials",
                user=None,
                hint="set QIAOLIAN_NATS_USER and QIAOLIAN_NATS_PASSWORD or QIAOLIAN_NATS_CREDENTIALS_FILE; "
                "servers here refuse anonymous clients",
            )
        self._task = asyncio.create_task(self._connect_loop(), name=f"{self.name}-nats-connect")

    async def connect(self) -> Client:
        """One connection attempt with this bus's user and inbox (the loop below retries it)."""
        creds = self.credentials
        return await nats.connect(
            servers(self.url),
            name=self.name,
            connect_timeout=2,
            allow_reconnect=True,
            max_reconnect_attempts=-1,
            reconnect_time_wait=0.5,
            inbox_prefix=self.inbox_prefix,
            error_cb=self._on_error,
            disconnected_cb=self._on_disconnected,
            reconnected_cb=self._on_reconnected,
            user=creds.user if creds else None,
            password=creds.password if creds else None,
        )

    async def _connect_loop(self) -> None:
        delay = 0.2
        while True:
            try:
                self.nc = await self.connect()
            except Exception as exc:  # server not up yet: keep trying, the outbox waits
                log.warning(
                    "nats_connect_failed",
                    url=redact_url(self.url),
                    user=self.user,
                    error=type(exc).__name__,
                    detail=_detail(exc),
                    retry_in_s=delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            self._js = self.nc.jetstream(timeout=10)
            log.info("nats_connected", url=redact_url(self.url), user=self.user)
            self._ready.set()
            return

    async def _on_error(self, exc: Exception) -> None:
        # nats-py retries a refused connection every half second, a relay retries a refused publish:
        # each kind of error (and subject) is logged once per ERROR_REPEAT_S, with how often it came
        event, fields = classify_nats_error(exc)
        key = f"{event}:{fields.get('subject', '')}"
        now = asyncio.get_running_loop().time()
        seen, count = self._errors_seen.get(key, (0.0, 0))
        if seen and now - seen < ERROR_REPEAT_S:
            self._errors_seen[key] = (seen, count + 1)
            return
        self._errors_seen[key] = (now, 0)
        log_nats_error(exc, self.user, repeated=count)

    async def _on_disconnected(self) -> None:
        log.warning("nats_disconnected", url=redact_url(self.url), user=self.user)

    async def _on_reconnected(self) -> None:
        log.info("nats_reconnected", url=redact_url(self.url), user=self.user)

    async def close(self) -> None:
        if self._task and not self._task.done():
            self._task.cancel()
        if self.nc is not None and not self.nc.is_closed:
            try:
                await asyncio.wait_for(self.nc.drain(), timeout=5)
            except Exception:
                await self.nc.close()


def classify_nats_error(exc: BaseException) -> tuple[str, dict[str, str]]:
    text = str(exc)  # nats-py lower-cases the server's message, subject included
    if m := _VIOLATION.search(text):
        return "nats_permission_violation", {"operation": m.group(1).lower(), "subject": m.group(2)}
    if "authorization violation" in text.lower() or "authentication" in text.lower():
        return "nats_authorization_violation", {"detail": _detail(exc)}
    return "nats_error", {"error": type(exc).__name__, "detail": _detail(exc)}


def log_nats_error(exc: BaseException, user: str | None, repeated: int = 0) -> None:
    """Log an error the server sent on a connection. A permission violation is an error (a call
    somewhere now waits for a reply that will never come); the subject is logged, never a payload.
    `repeated`: how often the same error came since it was last logged."""
    event, fields = classify_nats_error(exc)
    extra = {"repeated": repeated} if repeated else {}
    if event == "nats_error":
        log.warning(event, user=user, **fields, **extra)
    else:
        log.error(event, user=user, **fields, **extra)


def _detail(exc: BaseException) -> str:
    return str(exc)[:200]


def servers(url: str) -> list[str]:
    """QIAOLIAN_NATS_URL as nats-py takes it: one URL, or a cluster's nodes separated by commas (a
    client also learns the other nodes from the one it reaches, but must reach one at first)."""
    return [u.strip() for u in url.split(",") if u.strip()]


async def connect_as(
    url: str,
    credentials: NatsCredentials | None,
    name: str,
    connect_timeout: float = 5,
    max_reconnect_attempts: int = 5,
) -> Client:
    """A short-lived connection as one user, with its inbox prefix (provisioning, the operator CLI)."""
    user = credentials.user if credentials else None

    async def on_error(exc: Exception) -> None:
        log_nats_error(exc, user)

    return await nats.connect(
        servers(url),
        name=name,
        connect_timeout=connect_timeout,
        max_reconnect_attempts=max_reconnect_attempts,
        inbox_prefix=inbox_prefix(user) if user else "_INBOX",
        error_cb=on_error,
        user=user,
        password=credentials.password if credentials else None,
    )
