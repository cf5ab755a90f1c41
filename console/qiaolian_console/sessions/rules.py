"""Sessions and sign-in as pure rules: lockout arithmetic, session expiry, token digests, CSRF.

Lockout: `failures` failed sign-ins within `window` lock the username for `duration`. It counts by
the username as typed (normalised), whether or not an account has it, so a run of failures answers
the same for an unknown name as for a real one. Attempts while locked are refused without being
counted, so the lock runs out on time; a successful sign-in clears the count.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOUCH_EVERY = timedelta(minutes=1)  # last use is written at most this often: not one write per request


@dataclass(frozen=True)
class LockoutPolicy:
    failures: int = 5
    window: timedelta = timedelta(minutes=15)
    duration: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Throttle:
    """The recent failed sign-ins of one username, and the end of its lock."""

    failures: tuple[datetime, ...] = ()
    locked_until: datetime | None = None


def retry_after(throttle: Throttle, now: datetime) -> int | None:
    """Whole seconds until the lock ends (at least 1), or None when not locked."""
    if throttle.locked_until is None or throttle.locked_until <= now:
        return None
    return max(1, math.ceil((throttle.locked_until - now).total_seconds()))


def after_failure(throttle: Throttle, now: datetime, policy: LockoutPolicy) -> Throttle:
    """The throttle after one more failure at `now` (not locked): the failures within the window, and a
    lock once they reach the policy's count (the count starts again after it)."""
    recent = tuple(t for t in throttle.failures if now - t < policy.window) + (now,)
    if len(recent) >= policy.failures:
        return Throttle((), now + policy.duration)
    return Throttle(recent, None)


def session_expired(
    created_at: datetime, last_seen_at: datetime, now: datetime, *, idle: timedelta, lifetime: timedelta
) -> bool:
    return now - last_seen_at >= idle or now - created_at >= lifetime


def needs_touch(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= TOUCH_EVERY


def digest(token: str) -> str:
    """What is stored of a session or CSRF token: its SHA-256, so a copy of the database signs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_matches(stored_digest: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(stored_digest, digest(presented or ""))
