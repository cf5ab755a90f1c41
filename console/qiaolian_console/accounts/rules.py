"""Accounts as pure rules: usernames, the password policy, states, and how roles follow a post.

A person's post roles (`<office>.clerk`, `<office>.head`) come with the office personnel appoints
them to: an appointment or transfer moves them to the new office, a head staying head; every other
role (leader, clearances, auditor, admin ...) is the admin's to grant and is never touched by events.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from qiaolian_chassis.statemachine import Rule, Transitions
from qiaolian_contracts.access import OFFICES, POST_ROLES, Role

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MAX_PASSWORD = 1024  # hashing cost grows with the input: a bound keeps a request cheap to refuse


class AccountState(StrEnum):
    active = "active"
    disabled = "disabled"
    locked = "locked"  # shown, never stored: too many failed sign-ins, until the lock runs out


S = AccountState
ACCOUNTS = Transitions(
    "account",
    {
        "disable": Rule(frozenset({S.active}), S.disabled),
        "enable": Rule(frozenset({S.disabled}), S.active),
    },
)

ROLE_NAMES = frozenset(r.value for r in Role)


class ChangeAction(StrEnum):
    """What the account-changes log records; its detail never holds a password."""

    created = "created"
    disabled = "disabled"
    enabled = "enabled"
    password_reset = "password_reset"
    password_changed = "password_changed"
    roles_assigned = "roles_assigned"
    post_linked = "post_linked"  # the admin set the account's cadre and office
    office_moved = "office_moved"  # personnel appointed or transferred the account's cadre
    left_post = "left_post"  # personnel removed or retired the account's cadre


def normalize_username(typed: str) -> str:
    """The account key of what was typed: NFKC (full-width letters are the ASCII ones), without control
    characters (no database takes a NUL), trimmed, lower case."""
    text = unicodedata.normalize("NFKC", typed)
    return "".join(c for c in text if unicodedata.category(c)[0] != "C").strip().lower()


def username_problem(username: str) -> str | None:
    if not USERNAME.match(username):
        return "2 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit"
    return None


def password_problem(new: str, *, min_length: int, username: str, current: str | None = None) -> str | None:
    """Why `new` may not be the password, or None. Length is what protects a password; no composition rules."""
    if len(new) < min_length:
        return f"at least {min_length} characters"
    if len(new) > MAX_PASSWORD:
        return f"at most {MAX_PASSWORD} characters"
    if not new.strip():
        return "not only spaces"
    if normalize_username(new) == normalize_username(username):
        return "not the username"
    if current is not None and new == current:
        return "not the current password"
    return None


def unknown_roles(roles: Iterable[str]) -> list[str]:
    return sorted(set(roles) - ROLE_NAMES)


def role_change_problem(actor_id: str, account_id: str, roles: frozenset[str]) -> str | None:
    """An admin does not take the admin role from themself: the last admin could lock everybody out."""
    if actor_id == account_id and Role.admin not in roles:
        return "an admin cannot remove their own admin role"
    return None


def disable_problem(actor_id: str, account_id: str) -> str | None:
    if actor_id == account_id:
        return "an admin cannot disable their own account"
    return None


def moved_roles(roles: frozenset[str], office: str) -> frozenset[str]:
    """The roles after an appointment or transfer to `office`: the post roles are replaced by the new
    office's (head if the person was a head anywhere, else clerk); the other roles stay."""
    if office not in OFFICES:
        raise ValueError(f"unknown office {office}")
    was_head = any(r == Role.head(o) for o in OFFICES for r in roles)
    post = Role.head(office) if was_head else Role.clerk(office)
    return frozenset(r for r in roles if r not in POST_ROLES) | {post.value}


def without_post(roles: frozenset[str]) -> frozenset[str]:
    """The roles of a person who holds no post any more (removed or retired)."""
    return frozenset(r for r in roles if r not in POST_ROLES)


def state_of(stored: str, locked_until: datetime | None, now: datetime) -> AccountState:
    if stored == S.disabled:
        return S.disabled
    if locked_until is not None and locked_until > now:
        return S.locked
    return S.active
