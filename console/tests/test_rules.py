"""The console's pure rules: passwords, roles after a move, lockout arithmetic, expiry, what the proxy passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qiaolian_console.accounts.rules import (
    AccountState,
    moved_roles,
    normalize_username,
    password_problem,
    role_change_problem,
    state_of,
    unknown_roles,
    username_problem,
    without_post,
)
from qiaolian_console.login_log.rules import as_typed
from qiaolian_console.proxy.rules import request_headers, response_headers, upstream_path
from qiaolian_console.sessions.rules import (
    LockoutPolicy,
    Throttle,
    after_failure,
    csrf_matches,
    digest,
    needs_touch,
    retry_after,
    session_expired,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = LockoutPolicy()


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        ("x" * 11, "at least 12 characters"),
        ("x" * 12, None),
        ("一二三四五六七八九十百千", None),  # characters, not bytes
        (" " * 12, "not only spaces"),
        ("Wang.Fang.01", "not the username"),
        ("the old one is long", "not the current password"),
        ("x" * 1025, "at most 1024 characters"),
    ],
)
def test_password_policy(new: str, problem: str | None) -> None:
    assert password_problem(new, min_length=12, username="wang.fang.01", current="the old one is long") == problem


def test_usernames() -> None:
    assert normalize_username(" Ｗang.Fang ") == "wang.fang"  # full-width W typed on a Chinese keyboard
    assert username_problem("wang.fang") is None
    assert username_problem("w") and username_problem("-lead") and username_problem("王芳")


def test_roles_after_an_appointment_or_transfer() -> None:
    assert moved_roles(frozenset({"office.clerk", "cleared_secret"}), "rights") == {"rights.clerk", "cleared_secret"}
    assert moved_roles(frozenset({"liaison.head"}), "personnel") == {"personnel.head"}
    assert moved_roles(frozenset({"leader"}), "office") == {"leader", "office.clerk"}
    assert moved_roles(frozenset({"rights.clerk", "rights.head"}), "rights") == {"rights.head"}
    assert without_post(frozenset({"rights.head", "leader", "auditor"})) == {"leader", "auditor"}
    with pytest.raises(ValueError):
        moved_roles(frozenset(), "treasury")


def test_role_names_and_an_admin_keeping_their_own_role() -> None:
    assert unknown_roles(["admin", "rights.clerk", "root", "god"]) == ["god", "root"]
    assert role_change_problem("a-1", "a-1", frozenset({"auditor"}))
    assert role_change_problem("a-1", "a-1", frozenset({"admin", "auditor"})) is None
    assert role_change_problem("a-1", "a-2", frozenset()) is None


def test_five_failures_within_fifteen_minutes_lock_for_fifteen() -> None:
    t = Throttle()
    for minute in (0, 3, 6, 9):
        t = after_failure(t, at(minute), POLICY)
        assert t.locked_until is None
    t = after_failure(t, at(12), POLICY)
    assert t.locked_until == at(27) and t.failures == ()
    assert retry_after(t, at(12)) == 900
    assert retry_after(t, at(26.99)) == 1  # never 0 while locked
    assert retry_after(t, at(27)) is None


def test_failures_older_than_the_window_do_not_count() -> None:
    t = Throttle()
    for minute in (0, 4, 8, 12, 16, 20, 24):
        t = after_failure(t, at(minute), POLICY)
    assert t.locked_until is None and len(t.failures) == 4  # 12..24: the ones within fifteen minutes


def test_session_expiry() -> None:
    idle, lifetime = timedelta(minutes=30), timedelta(hours=12)
    assert not session_expired(at(0), at(0), at(29), idle=idle, lifetime=lifetime)
    assert session_expired(at(0), at(0), at(30), idle=idle, lifetime=lifetime)
    assert session_expired(at(0), at(719), at(720), idle=idle, lifetime=lifetime)
    assert not needs_touch(at(0), at(0.5)) and needs_touch(at(0), at(1))


def test_tokens_are_stored_as_digests_and_compared_in_constant_time() -> None:
    assert digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert csrf_matches(digest("t"), "t") and not csrf_matches(digest("t"), "u") and not csrf_matches(digest(""), None)


def test_account_state_as_shown() -> None:
    assert state_of("active", None, at(0)) == AccountState.active
    assert state_of("active", at(5), at(0)) == AccountState.locked
    assert state_of("active", at(5), at(5)) == AccountState.active
    assert state_of("disabled", at(5), at(0)) == AccountState.disabled


def test_the_proxy_keeps_only_what_a_service_needs() -> None:
    incoming = [
        ("Content-Type", "application/json"),
        ("Cookie", "qiaolian_session=s"),
        ("Authorization", "Bearer x"),
        ("X-Forwarded-User", "leader"),  # a header a client could forge: not forwarded
        ("Accept", "text/csv"),
        ("X-CSRF-Token", "c"),
        ("Host", "console"),
    ]
    assert request_headers(incoming, "tok", "r-1") == [
        ("Content-Type", "application/json"),
        ("Accept", "text/csv"),
        ("authorization", "Bearer tok"),
        ("x-request-id", "r-1"),
    ]
    upstream = [
        (b"content-type", b"text/csv"),
        (b"Content-Disposition", b"attachment"),
        (b"Set-Cookie", b"a=1"),
        (b"transfer-encoding", b"chunked"),
        (b"connection", b"close"),
        (b"x-request-id", b"r-1"),
    ]
    assert response_headers(upstream) == [(b"content-type", b"text/csv"), (b"Content-Disposition", b"attachment")]


@pytest.mark.parametrize(
    ("rest", "path"),
    [
        ("petitions", "/petitions"),
        ("petitions/p-1/accept", "/petitions/p-1/accept"),
        ("", "/"),
        ("a%20b", "/a%20b"),
        ("../office/x", None),
        ("a/./b", None),
        ("a/%2e%2E/b", None),
        ("a%2Fb", None),
    ],
)
def test_the_proxy_forwards_paths_as_encoded_but_never_walks_them(rest: str, path: str | None) -> None:
    assert upstream_path(rest) == path


def test_what_was_typed_is_kept_without_control_characters() -> None:
    assert as_typed("wang\nfang\x1b[31m") == "wangfang[31m"
    assert len(as_typed("x" * 500)) == 100
