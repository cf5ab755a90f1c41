"""The console as a whole: its key, the demo accounts, that no state-changing route escapes the session
and CSRF check, health and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute

from qiaolian_chassis.keys import new_signing_key, public_key_of
from qiaolian_console.accounts import demo
from qiaolian_console.accounts.tables import Account
from qiaolian_console.app import MissingKey, build, definition, signing_key
from qiaolian_console.sessions.guard import forwarding, signed_in
from qiaolian_console.sessions.rules import UNSAFE_METHODS

from .conftest import KEY, StartConsole, console_settings

OPEN = {"/auth/login"}  # the one change that no session can precede


def test_outside_dev_the_console_refuses_to_start_without_a_key() -> None:
    with pytest.raises(MissingKey, match="CONSOLE_SIGNING_KEY_FILE"):
        signing_key(console_settings(signing_key=None))
    with pytest.raises(MissingKey, match="Ed25519"):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        signing_key(console_settings(signing_key=other.decode()))
    with pytest.raises(MissingKey, match="PEM"):
        signing_key(console_settings(signing_key="not a key"))


def test_the_key_comes_from_its_file_before_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "token-signing.pem"
    other = new_signing_key()
    path.write_bytes(other)
    assert signing_key(console_settings(signing_key_file=path, signing_key=KEY.decode())) == other
    # in dev, a console without a key still starts (with one of its own that no service knows)
    assert public_key_of(signing_key(console_settings(signing_key=None, environment="dev")))


def test_demo_accounts_only_in_dev() -> None:
    with pytest.raises(SystemExit, match="QIAOLIAN_ENV=dev"):
        build(console_settings(demo=True))


async def test_demo_accounts_are_loaded_into_an_empty_database_in_dev(start_console: StartConsole) -> None:
    running = await start_console(environment="dev", demo=True)
    expected = {
        "admin": ["admin"],
        "leader": ["leader"],
        "auditor": ["auditor"],
        "office.head": ["office.head"],
        "office.clerk": ["office.clerk"],
        "rights.head": ["rights.head"],
        "rights.clerk": ["rights.clerk"],
        "liaison.head": ["liaison.head"],
        "liaison.clerk": ["liaison.clerk"],
        "personnel.head": ["personnel.head"],
        "personnel.clerk": ["personnel.clerk"],
    }
    assert set(demo.ACCOUNTS) == set(expected)
    for username, roles in expected.items():
        b = running.browser()
        r = await b.login(username, "qiaolian-demo")
        assert r.status_code == 200, username
        assert r.json()["roles"] == roles and r.json()["demo"] is True
        office = username.split(".")[0] if "." in username else None
        me = (await b.http.get("/auth/me")).json()
        assert me["demo"] is True and me["office"] == office


async def test_demo_accounts_are_not_loaded_when_there_is_an_account(start_console: StartConsole) -> None:
    first = await start_console()
    await first.account("real.admin", {"admin"})
    again = await start_console(environment="dev", demo=True)  # the same database file
    assert (await again.browser().login("admin", "qiaolian-demo")).status_code == 401
    b = await again.browser().login("real.admin")
    assert b.json()["demo"] is False


async def test_demo_mode_ends_when_no_demo_account_has_the_public_password(start_console: StartConsole) -> None:
    running = await start_console(environment="dev", demo=True)
    assert running.console.demo
    async with running.console.uow() as uow:
        await uow.session.execute(sa.update(Account).values(state="disabled"))
    again = await start_console(environment="dev", demo=True)
    assert not again.console.demo


def test_every_route_but_sign_in_needs_a_session_and_so_every_change_the_csrf_token() -> None:
    """Walks the routers themselves: FastAPI 0.165 keeps an included router as one entry of `app.routes`."""
    routes = [r for router in definition().routers for r in router.routes if isinstance(r, APIRoute)]
    assert len(routes) >= 15
    unguarded = []
    for route in routes:
        calls = {d.call for d in _dependencies(route)}
        guarded = signed_in in calls or forwarding in calls or any(hasattr(c, "permission") for c in calls)
        if route.path in OPEN:
            assert not guarded and route.methods == {"POST"}
        elif not guarded:
            unguarded.append(route.path)
    assert unguarded == []
    assert any(r.methods & UNSAFE_METHODS for r in routes)  # the guard's CSRF check has changes to check


def _dependencies(route: APIRoute) -> list:
    out, stack = [], list(route.dependant.dependencies)
    while stack:
        d = stack.pop()
        out.append(d)
        stack.extend(d.dependencies)
    return out


async def test_health_and_unknown_routes(start_console: StartConsole) -> None:
    running = await start_console()
    b = running.browser()
    assert (await b.http.get("/health/live")).json() == {"status": "ok"}
    r = await b.http.get("/auth/nowhere")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = await b.http.post("/auth/login", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body"
    r = await b.http.post("/auth/login", json={"username": "x", "password": "p", "extra": 1})
    assert r.status_code == 422
    doc = (await b.http.get("/openapi.json")).json()
    assert "/auth/login" in doc["paths"] and not any(p.startswith("/api/") for p in doc["paths"])
