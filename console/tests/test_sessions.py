"""Signing in and out through the HTTP API: cookies, one answer for every refusal, lockout, CSRF,
session expiry, and changing one's password."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from qiaolian_console.accounts.tables import Account
from qiaolian_console.login_log.tables import LoginEvent

from .conftest import PASSWORD, Running, StartConsole


async def test_sign_in_sets_an_httponly_strict_session_cookie_and_a_readable_csrf_cookie(running: Running) -> None:
    await running.account("rights.clerk1", {"rights.clerk"}, office="rights", cadre_id="c-1")
    b = running.browser()
    r = await b.login("Rights.Clerk1 ")  # what was typed: case and spaces do not matter
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == {
        "username": "rights.clerk1",
        "cadre_id": "c-1",
        "office": "rights",
        "roles": ["rights.clerk"],
        "permissions": ["calendar.read", "claims.submit", "rights.read", "rights.write", "staff.read"],
        "csrf_token": body["csrf_token"],
        "demo": False,
    }
    cookies = {c.split("=", 1)[0]: c.lower() for c in r.headers.get_list("set-cookie")}
    session, csrf = cookies["qiaolian_session"], cookies["qiaolian_csrf"]
    for c in (session, csrf):
        assert "samesite=strict" in c and "path=/" in c and "secure" not in c
    assert "httponly" in session and "httponly" not in csrf
    assert b.csrf == body["csrf_token"]
    me = await b.http.get("/auth/me")
    assert me.json() == {
        "username": "rights.clerk1",
        "cadre_id": "c-1",
        "office": "rights",
        "roles": ["rights.clerk"],
        "permissions": [
            "calendar.read",
            "claims.submit",
            "rights.read",
            "rights.write",
            "staff.read",
        ],  # what the web app offers this person
        "demo": False,
    }


async def test_cookies_are_secure_when_configured(start_console: StartConsole) -> None:
    running = await start_console(secure_cookies=True)
    await running.account("clerk", {"office.clerk"})
    r = await running.browser().login("clerk")
    assert all("secure" in c.lower() for c in r.headers.get_list("set-cookie"))


async def test_unknown_user_wrong_password_and_disabled_account_get_one_answer(running: Running) -> None:
    await running.account("clerk", {"office.clerk"})
    await running.account("gone", {"office.clerk"})
    async with running.console.uow() as uow:
        await uow.session.execute(sa.update(Account).where(Account.username == "gone").values(state="disabled"))
    b = running.browser()
    answers = [await b.login("nobody"), await b.login("clerk", "wrong password!"), await b.login("gone")]
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert len({a.text for a in answers}) == 1
    assert answers[0].headers["content-type"] == "application/problem+json"
    assert "qiaolian_session" not in b.http.cookies
    async with running.console.db.sessions() as s:
        log = (
            await s.execute(
                sa.select(LoginEvent.username, LoginEvent.outcome, LoginEvent.reason).order_by(LoginEvent.id)
            )
        ).all()
    assert [tuple(r) for r in log] == [
        ("nobody", "refused", "unknown_user"),
        ("clerk", "refused", "wrong_password"),
        ("gone", "refused", "disabled"),
    ]


async def test_an_unknown_user_costs_a_password_check_like_a_real_one(running: Running, monkeypatch) -> None:
    checked: list[bool] = []
    passwords = running.console.passwords
    real = passwords._verify

    def spy(stored: str, password: str) -> bool:
        checked.append(stored.startswith("$argon2id$"))
        return real(stored, password)

    monkeypatch.setattr(passwords, "_verify", spy)
    await running.account("clerk", {"office.clerk"})
    b = running.browser()
    await b.login("nobody")
    await b.login("clerk", "wrong password!")
    assert checked == [True, True]  # the unknown name was checked against a dummy Argon2id hash


async def test_five_failures_lock_for_fifteen_minutes_even_the_right_password(running: Running) -> None:
    await running.account("clerk", {"office.clerk"})
    b = running.browser()
    for _ in range(4):
        assert (await b.login("clerk", "wrong password!")).status_code == 401
        running.clock.advance(minutes=2)
    fifth = await b.login("clerk", "wrong password!")
    assert fifth.status_code == 429 and fifth.headers["retry-after"] == "900"
    assert fifth.headers["content-type"] == "application/problem+json"
    running.clock.advance(minutes=10)
    locked = await b.login("clerk", PASSWORD)
    assert locked.status_code == 429 and locked.headers["retry-after"] == "300"
    running.clock.advance(minutes=5)
    assert (await b.login("clerk", PASSWORD)).status_code == 200
    async with running.console.db.sessions() as s:
        outcomes = (await s.execute(sa.select(LoginEvent.outcome, LoginEvent.reason).order_by(LoginEvent.id))).all()
    assert [tuple(o) for o in outcomes][-4:] == [
        ("refused", "wrong_password"),
        ("locked_out", "wrong_password"),
        ("refused", "locked"),
        ("signed_in", None),
    ]


async def test_failures_spread_beyond_fifteen_minutes_do_not_lock(running: Running) -> None:
    await running.account("clerk", {"office.clerk"})
    b = running.browser()
    for _ in range(8):
        assert (await b.login("clerk", "wrong password!")).status_code == 401
        running.clock.advance(minutes=4)  # never five within fifteen minutes
    assert (await b.login("clerk", PASSWORD)).status_code == 200


async def test_an_unknown_username_locks_like_a_real_one(running: Running) -> None:
    b = running.browser()
    codes = [(await b.login("nobody", "guess number n")).status_code for _ in range(6)]
    assert codes == [401, 401, 401, 401, 429, 429]


async def test_a_success_clears_the_count(running: Running) -> None:
    await running.account("clerk", {"office.clerk"})
    b = running.browser()
    for _ in range(4):
        await b.login("clerk", "wrong password!")
    assert (await b.login("clerk")).status_code == 200
    assert (await b.login("clerk", "wrong password!")).status_code == 401  # counting starts again


async def test_a_change_without_the_csrf_token_is_refused_with_it_accepted(running: Running) -> None:
    b = await running.signed_in("clerk", {"office.clerk"})
    for headers in ({}, {"X-CSRF-Token": "not the token"}):
        r = await b.http.post("/auth/logout", headers=headers)
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json", r.text
        assert r.json()["reason"] == "csrf"
    assert (await b.http.get("/auth/me")).status_code == 200  # reads need no token; the session lives
    assert (await b.send("POST", "/auth/logout")).status_code == 204


async def test_sign_out_ends_the_session_at_once(running: Running) -> None:
    b = await running.signed_in("clerk", {"office.clerk"})
    stolen = dict(b.http.cookies)
    assert (await b.send("POST", "/auth/logout")).status_code == 204
    assert "qiaolian_session" not in b.http.cookies
    replay = running.browser()
    replay.http.cookies.update(stolen)  # the old cookie, kept by someone
    r = await replay.http.get("/auth/me")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    async with running.console.db.sessions() as s:
        last = await s.scalar(sa.select(LoginEvent.outcome).order_by(LoginEvent.id.desc()).limit(1))
    assert last == "signed_out"


async def test_no_session_is_401(running: Running) -> None:
    b = running.browser()
    assert (await b.http.get("/auth/me")).status_code == 401
    assert (await b.http.post("/auth/logout")).status_code == 401
    b.http.cookies.set("qiaolian_session", "made-up")
    assert (await b.http.get("/auth/me")).status_code == 401


async def test_a_session_ends_when_idle_and_after_its_lifetime(start_console: StartConsole) -> None:
    running = await start_console(session_idle_minutes=30, session_lifetime_hours=2)
    b = await running.signed_in("clerk", {"office.clerk"})
    running.clock.advance(minutes=29)
    assert (await b.http.get("/auth/me")).status_code == 200  # use keeps it alive
    running.clock.advance(minutes=29)
    assert (await b.http.get("/auth/me")).status_code == 200
    running.clock.advance(minutes=31)
    assert (await b.http.get("/auth/me")).status_code == 401  # idle too long
    assert (await b.login("clerk")).status_code == 200
    for _ in range(4):
        running.clock.advance(minutes=25)
        assert (await b.http.get("/auth/me")).status_code == 200
    running.clock.advance(minutes=25)  # 125 minutes since sign-in, never idle
    assert (await b.http.get("/auth/me")).status_code == 401


async def test_signing_in_again_ends_the_session_the_browser_had(running: Running) -> None:
    b = await running.signed_in("clerk", {"office.clerk"})
    old = dict(b.http.cookies)
    assert (await b.login("clerk")).status_code == 200
    replay = running.browser()
    replay.http.cookies.update(old)
    assert (await replay.http.get("/auth/me")).status_code == 401


async def test_password_change_rules(running: Running) -> None:
    b = await running.signed_in("clerk", {"office.clerk"})
    cases = [
        ({"current": PASSWORD, "new": "short"}, "new"),
        ({"current": PASSWORD, "new": PASSWORD}, "new"),
        ({"current": PASSWORD, "new": "CLERK"}, "new"),
        ({"current": "not my password", "new": "a long enough new password"}, "current"),
    ]
    for body, field in cases:
        r = await b.send("POST", "/auth/password", json=body)
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["errors"]] == [field]
        assert body["new"] not in r.text and body["current"] not in r.text  # reasons, never the values
    r = await b.send("POST", "/auth/password", json={"current": PASSWORD, "new": "eleven char"})
    assert r.json()["errors"] == [{"field": "new", "reason": "at least 12 characters"}]


async def test_password_change_ends_the_other_sessions_and_keeps_this_one(running: Running) -> None:
    laptop = await running.signed_in("clerk", {"office.clerk"})
    phone = running.browser()
    assert (await phone.login("clerk")).status_code == 200
    new = "a much longer passphrase"
    assert (await laptop.send("POST", "/auth/password", json={"current": PASSWORD, "new": new})).status_code == 204
    assert (await laptop.http.get("/auth/me")).status_code == 200
    assert (await phone.http.get("/auth/me")).status_code == 401
    fresh = running.browser()
    assert (await fresh.login("clerk", PASSWORD)).status_code == 401
    assert (await fresh.login("clerk", new)).status_code == 200


async def test_wrong_current_passwords_count_towards_the_lock(running: Running) -> None:
    b = await running.signed_in("clerk", {"office.clerk"})
    codes = [
        (
            await b.send("POST", "/auth/password", json={"current": "guess number n", "new": "a long enough password"})
        ).status_code
        for _ in range(5)
    ]
    assert codes == [422, 422, 422, 422, 429]
    assert (await running.browser().login("clerk")).status_code == 429


async def test_a_hash_with_old_costs_is_rehashed_at_sign_in(start_console: StartConsole) -> None:
    old = await start_console(argon2_time_cost=1, argon2_memory_kib=1024)
    await old.account("clerk", {"office.clerk"})
    new = await start_console(argon2_time_cost=2, argon2_memory_kib=2048)  # the same database file
    assert (await new.browser().login("clerk")).status_code == 200
    async with new.console.db.sessions() as s:
        stored = await s.scalar(sa.select(Account.password_hash).where(Account.username == "clerk"))
    assert stored is not None and "m=2048,t=2" in stored
    assert (await new.browser().login("clerk")).status_code == 200


async def test_no_password_is_ever_written_to_the_database(running: Running, tmp_path) -> None:
    await running.account("clerk", {"office.clerk"})
    b = running.browser()
    await b.login("clerk", "wrong-password-typed")
    await b.login("nobody", "another-typed-secret")
    await b.login("clerk")
    await b.send("POST", "/auth/password", json={"current": PASSWORD, "new": "the-new-secret-value"})
    async with running.console.db.engine.connect() as conn:
        tables = (await conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type='table'"))).scalars().all()
        text = ""
        for t in tables:
            text += repr((await conn.execute(sa.text(f'SELECT * FROM "{t}"'))).all())
    for secret in ("wrong-password-typed", "another-typed-secret", PASSWORD, "the-new-secret-value"):
        assert secret not in text


@pytest.mark.postgres
async def test_sign_in_lockout_password_change_and_sign_out_on_postgresql(
    pg_url: str, start_console: StartConsole
) -> None:
    running = await start_console(database_url=pg_url)
    b = await running.signed_in("clerk", {"office.clerk"})
    other = running.browser()
    assert (await other.login("clerk")).status_code == 200
    new = "a much longer passphrase"
    assert (await b.send("POST", "/auth/password", json={"current": PASSWORD, "new": new})).status_code == 204
    assert (await other.http.get("/auth/me")).status_code == 401
    codes = [(await running.browser().login("clerk", "wrong password!")).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 429]
    running.clock.advance(minutes=15)
    assert (await running.browser().login("clerk", new)).status_code == 200
    assert (await b.send("POST", "/auth/logout")).status_code == 204
    assert (await running.browser().login("clerk\x00", "a NUL is no name")).status_code == 401
