"""Signing in and out, and changing one's password.

Sign-in reads the account and the username's throttle, verifies the password off the event loop and
outside any transaction (a hash takes a tenth of a second: holding SQLite's write lock meanwhile
would queue every other write behind it), then settles in one transaction: the throttle, the login
log line, and the new session. Every refusal says the same thing; only the login log knows why.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from qiaolian_chassis.errors import DomainError, Invalid, Unauthorized
from qiaolian_chassis.uow import UnitOfWork

from ..accounts.commands import end_sessions, record_change
from ..accounts.rules import AccountState, ChangeAction, normalize_username, password_problem
from ..accounts.tables import Account
from ..login_log.commands import RecordLogin, record
from ..login_log.rules import Outcome, Reason
from ..runtime import Console
from . import queries
from .rules import LockoutPolicy, Throttle, after_failure, digest, retry_after
from .tables import LoginThrottle, Session

REFUSED = "the username or password is not right"


class LockedOut(DomainError):
    """Too many failed sign-ins (429): the lock's remaining seconds go in Retry-After."""

    status = 429
    title = "Too many requests"

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after_s} seconds", retry_after=retry_after_s)
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class SignIn:
    username: str  # as typed
    password: str
    client_ip: str | None = None
    replaces: str | None = None  # the session id of a cookie the browser still had


@dataclass(frozen=True)
class SignedIn:
    account: Account
    token: str
    csrf: str


@dataclass(frozen=True)
class SignOut:
    session_id: str
    account: Account
    client_ip: str | None = None


@dataclass(frozen=True)
class ChangePassword:
    account: Account
    session_id: str
    current: str
    new: str
    client_ip: str | None = None


# ---- the throttle -------------------------------------------------------------------------------


async def _throttle_row(uow: UnitOfWork, username: str) -> LoginThrottle | None:
    return await uow.session.get(LoginThrottle, username, with_for_update=True)


async def count_failure(uow: UnitOfWork, username: str, policy: LockoutPolicy) -> Throttle:
    row = await _throttle_row(uow, username)
    after = after_failure(queries.throttle_of(row), uow.now, policy)
    failures = [t.isoformat() for t in after.failures]
    if row is None:
        uow.session.add(
            LoginThrottle(username=username, failures=failures, locked_until=after.locked_until, updated_at=uow.now)
        )
    else:
        row.failures, row.locked_until, row.updated_at = failures, after.locked_until, uow.now
    # names tried once and never again (an unknown name sprayed) would stay for ever: drop the stale ones
    stale = uow.now - (policy.window + policy.duration)
    await uow.session.execute(
        sa.delete(LoginThrottle).where(LoginThrottle.updated_at < stale, LoginThrottle.username != username)
    )
    return after


async def clear_failures(uow: UnitOfWork, username: str) -> None:
    await uow.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.username == username))


# ---- sessions -----------------------------------------------------------------------------------


def start_session(uow: UnitOfWork, account_id: str) -> tuple[str, str]:
    """A new session: (its token, its CSRF token). Only their digests are stored."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    uow.session.add(
        Session(
            id=digest(token), account_id=account_id, csrf_digest=digest(csrf), created_at=uow.now, last_seen_at=uow.now
        )
    )
    return token, csrf


async def end_session(uow: UnitOfWork, session_id: str) -> None:
    await uow.session.execute(sa.delete(Session).where(Session.id == session_id))


async def touch(uow: UnitOfWork, session_id: str) -> None:
    await uow.session.execute(sa.update(Session).where(Session.id == session_id).values(last_seen_at=uow.now))


# ---- sign in and out ----------------------------------------------------------------------------


async def sign_in(console: Console, cmd: SignIn) -> SignedIn:
    key = normalize_username(cmd.username)
    async with console.db.sessions() as s:
        account = await queries.account_by_username(s, key)
        throttle = await queries.throttle(s, key)
    if retry_after(throttle, console.now()) is None:
        ok = await console.passwords.verify(account.password_hash if account else None, cmd.password)
        new_hash = None
        if ok and account is not None and console.passwords.needs_rehash(account.password_hash):
            new_hash = await console.passwords.hash(cmd.password)
    else:
        ok, new_hash = False, None  # locked: the password is not even looked at
    async with console.uow() as uow:
        settled = await _settle(uow, cmd, key, account.id if account else None, ok, new_hash, console.lockout)
    if isinstance(settled, int):
        raise LockedOut(settled)
    if settled is None:
        raise Unauthorized(REFUSED)
    return settled


async def _settle(
    uow: UnitOfWork,
    cmd: SignIn,
    key: str,
    account_id: str | None,
    ok: bool,
    new_hash: str | None,
    policy: LockoutPolicy,
) -> SignedIn | int | None:
    """In one transaction: a session (SignedIn), a refusal (None) or the seconds of a lock (int)."""
    log = RecordLogin(cmd.username, Outcome.refused, account_id, cmd.client_ip)
    throttle = queries.throttle_of(await _throttle_row(uow, key))
    if (wait := retry_after(throttle, uow.now)) is not None:  # locked before, or meanwhile by another request
        record(uow, _with(log, reason=Reason.locked))
        return wait
    account = await uow.session.get(Account, account_id, with_for_update=True) if account_id else None
    reason = (
        Reason.unknown_user
        if account is None
        else Reason.wrong_password
        if not ok
        else Reason.disabled
        if account.state == AccountState.disabled
        else None
    )
    if reason is not None or account is None:
        record(uow, _with(log, reason=reason))
        after = await count_failure(uow, key, policy)
        if after.locked_until is not None:
            record(uow, _with(log, outcome=Outcome.locked_out, reason=reason))
            return retry_after(after, uow.now)
        return None
    await clear_failures(uow, key)
    if new_hash is not None:
        account.password_hash = new_hash
    if cmd.replaces:
        await end_session(uow, cmd.replaces)
    token, csrf = start_session(uow, account.id)
    record(uow, _with(log, outcome=Outcome.signed_in))
    return SignedIn(account, token, csrf)


def _with(log: RecordLogin, *, outcome: Outcome | None = None, reason: Reason | None = None) -> RecordLogin:
    return RecordLogin(log.username, outcome or log.outcome, log.account_id, log.client_ip, reason)


async def sign_out(console: Console, cmd: SignOut) -> None:
    async with console.uow() as uow:
        await end_session(uow, cmd.session_id)
        record(uow, RecordLogin(cmd.account.username, Outcome.signed_out, cmd.account.id, cmd.client_ip))


async def change_password(console: Console, cmd: ChangePassword) -> None:
    """Needs the current password (a failure counts towards the lock, as at sign-in); the other sessions
    of the account end, this one stays."""
    account = cmd.account
    if problem := password_problem(
        cmd.new, min_length=console.settings.password_min_length, username=account.username, current=cmd.current
    ):
        raise Invalid("new", problem)
    async with console.db.sessions() as s:
        if (wait := retry_after(await queries.throttle(s, account.username), console.now())) is not None:
            raise LockedOut(wait)
    if not await console.passwords.verify(account.password_hash, cmd.current):
        async with console.uow() as uow:
            record(
                uow, RecordLogin(account.username, Outcome.refused, account.id, cmd.client_ip, Reason.wrong_password)
            )
            after = await count_failure(uow, account.username, console.lockout)
        if (wait := retry_after(after, console.now())) is not None:
            raise LockedOut(wait)
        raise Invalid("current", "is not the account's password")
    new_hash = await console.passwords.hash(cmd.new)
    async with console.uow() as uow:
        row = await uow.session.get(Account, account.id, with_for_update=True)
        assert row is not None
        row.password_hash = new_hash
        row.password_changed_at = row.updated_at = uow.now
        ended = await end_sessions(uow, account.id, keep=cmd.session_id)
        record_change(uow, account.id, account.id, ChangeAction.password_changed, sessions_ended=ended)
