"""Who is signed in: the session cookie, checked on every request that needs it, and CSRF.

Every route but sign-in and health depends on `signed_in` (or on `permit(...)`, which builds on it).
A cookie authenticates by itself, so a state-changing request (POST, PUT, PATCH, DELETE) must also
carry the session's CSRF token in `X-CSRF-Token`: another site can make the browser send the cookie,
but cannot read the token. The check is here, in the one dependency, so no route can miss it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request

from qiaolian_chassis.auth import Principal, current_action, current_principal
from qiaolian_chassis.errors import Forbidden, Unauthorized
from qiaolian_contracts.access import PERMISSIONS, holds

from ..accounts.rules import AccountState
from ..accounts.tables import Account
from ..runtime import console_of
from . import commands, queries
from .rules import UNSAFE_METHODS, csrf_matches, digest, needs_touch, session_expired

SESSION_COOKIE = "qiaolian_session"
CSRF_COOKIE = "qiaolian_csrf"  # readable by the web app, which echoes it in the header
CSRF_HEADER = "X-CSRF-Token"
ENDED = "the session has ended: sign in again"


@dataclass(frozen=True)
class CurrentSession:
    session_id: str
    account: Account
    principal: Principal


def principal_of(account: Account) -> Principal:
    return Principal(
        account_id=account.id, cadre_id=account.cadre_id, office=account.office, roles=frozenset(account.roles)
    )


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


async def _session(request: Request) -> CurrentSession:
    console = console_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("sign in first: this request carries no session")
    async with console.db.sessions() as s:
        found = await queries.session_and_account(s, digest(token))
    if found is None:
        raise Unauthorized(ENDED)
    session, account = found
    now = console.now()
    settings = console.settings
    if account.state != AccountState.active or session_expired(
        session.created_at, session.last_seen_at, now, idle=settings.session_idle, lifetime=settings.session_lifetime
    ):
        async with console.uow() as uow:
            await commands.end_session(uow, session.id)
        raise Unauthorized(ENDED)
    if request.method in UNSAFE_METHODS and not csrf_matches(session.csrf_digest, request.headers.get(CSRF_HEADER)):
        raise Forbidden(
            f"a request that changes something needs the session's CSRF token in {CSRF_HEADER}", reason="csrf"
        )
    if needs_touch(session.last_seen_at, now):
        async with console.uow() as uow:
            await commands.touch(uow, session.id)
    return CurrentSession(session.id, account, principal_of(account))


def _acting(request: Request, who: CurrentSession) -> None:
    """The person and action of the request, for the chassis's audit of commands (the unit of work)."""
    current_principal.set(who.principal)
    route = request.scope.get("route")
    current_action.set(f"{request.method} {getattr(route, 'path', request.url.path)}")


async def signed_in(request: Request) -> CurrentSession:
    """The dependency of the console's own routes: a live session (401), CSRF on changes (403)."""
    who = await _session(request)
    _acting(request, who)
    return who


async def forwarding(request: Request) -> CurrentSession:
    """The proxy's: the same checks; the services audit what the person does there."""
    return await _session(request)


class PersonOfTheRequest:
    """Plain ASGI: the person and action set by a request's guard are forgotten when it ends. Under
    uvicorn each request has a context of its own anyway; where the caller's context is shared (an
    in-process client), a person must not outlive their request and be audited for the next one."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        person, action = current_principal.set(None), current_action.set(None)
        try:
            await self.app(scope, receive, send)
        finally:
            current_principal.reset(person)
            current_action.reset(action)


def permit(permission: str) -> Any:
    """A route that needs `permission` (contracts/access.py says which roles hold it): 403 naming it."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission}")

    async def check(request: Request) -> CurrentSession:
        who = await _session(request)
        if not holds(who.principal.roles, permission):
            raise Forbidden(f"the permission {permission} is needed", permission=permission)
        _acting(request, who)
        return who

    check.permission = permission  # type: ignore[attr-defined]
    return Depends(check)
