"""Commands on accounts: the admin's (create, disable, enable, reset the password, assign roles, link
to a cadre) and personnel's (an appointment or transfer moves the account; removal or retirement
disables it). Each writes a line of the account-changes log; disabling ends the sessions at once.

Passwords arrive here hashed: hashing is slow and runs before the transaction, not inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.ids import new_id

from ..sessions.tables import LoginThrottle, Session
from .rules import (
    ACCOUNTS,
    AccountState,
    ChangeAction,
    disable_problem,
    moved_roles,
    role_change_problem,
    unknown_roles,
    username_problem,
    without_post,
)
from .tables import Account, AccountChange

PERSONNEL = "personnel"  # the actor of changes that follow personnel's events


@dataclass(frozen=True)
class CreateAccount:
    username: str
    password_hash: str
    roles: frozenset[str]
    cadre_id: str | None = None
    office: str | None = None


@dataclass(frozen=True)
class DisableAccount:
    account_id: str


@dataclass(frozen=True)
class EnableAccount:
    account_id: str


@dataclass(frozen=True)
class ResetPassword:
    account_id: str
    password_hash: str


@dataclass(frozen=True)
class AssignRoles:
    account_id: str
    roles: frozenset[str]


@dataclass(frozen=True)
class LinkPost:
    account_id: str
    cadre_id: str | None
    office: str | None


@dataclass(frozen=True)
class MoveOffice:
    """Personnel appointed or transferred the cadre to a post in `office`."""

    cadre_id: str
    office: str
    event_id: str


@dataclass(frozen=True)
class LeavePost:
    """Personnel removed the cadre from their post, or the cadre retired."""

    cadre_id: str
    reason: str
    event_id: str


def record_change(uow: UnitOfWork, account_id: str, actor: str, action: ChangeAction, **detail: Any) -> None:
    uow.session.add(AccountChange(at=uow.now, account_id=account_id, actor=actor, action=action.value, detail=detail))


async def end_sessions(uow: UnitOfWork, account_id: str, *, keep: str | None = None) -> int:
    """End every session of the account (but `keep`): the next request of each is refused."""
    stmt = sa.delete(Session).where(Session.account_id == account_id)
    if keep is not None:
        stmt = stmt.where(Session.id != keep)
    result = await uow.session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)


def _check_roles(roles: frozenset[str]) -> None:
    if unknown := unknown_roles(roles):
        raise Invalid("roles", f"not a role: {len(unknown)} of the names given; see the Role names in ACCESS.md")


async def create_account(uow: UnitOfWork, cmd: CreateAccount, actor: str) -> Account:
    if problem := username_problem(cmd.username):
        raise Invalid("username", problem)
    _check_roles(cmd.roles)
    if await uow.session.scalar(sa.select(Account.id).where(Account.username == cmd.username)) is not None:
        raise Conflict("the username is taken", field="username")
    if cmd.cadre_id and await _by_cadre(uow, cmd.cadre_id) is not None:
        raise Conflict("another account belongs to this cadre", field="cadre_id")
    account = Account(
        id=new_id(),
        username=cmd.username,
        password_hash=cmd.password_hash,
        cadre_id=cmd.cadre_id,
        office=cmd.office,
        roles=sorted(cmd.roles),
        state=AccountState.active.value,
        created_at=uow.now,
        updated_at=uow.now,
        password_changed_at=uow.now,
    )
    uow.session.add(account)
    await uow.session.flush()
    record_change(
        uow,
        account.id,
        actor,
        ChangeAction.created,
        username=account.username,
        roles=account.roles,
        office=account.office,
        cadre_id=account.cadre_id,
    )
    return account


async def disable(uow: UnitOfWork, cmd: DisableAccount, actor: str) -> Account:
    if problem := disable_problem(actor, cmd.account_id):
        raise Conflict(problem)
    account = await get_or_404(uow.session, Account, "account", cmd.account_id, for_update=True)
    account.state = ACCOUNTS.apply(AccountState(account.state), "disable").value
    account.updated_at = uow.now
    ended = await end_sessions(uow, account.id)
    record_change(uow, account.id, actor, ChangeAction.disabled, sessions_ended=ended)
    return account


async def enable(uow: UnitOfWork, cmd: EnableAccount, actor: str) -> Account:
    account = await get_or_404(uow.session, Account, "account", cmd.account_id, for_update=True)
    account.state = ACCOUNTS.apply(AccountState(account.state), "enable").value
    account.updated_at = uow.now
    await uow.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.username == account.username))
    record_change(uow, account.id, actor, ChangeAction.enabled)
    return account


async def reset_password(uow: UnitOfWork, cmd: ResetPassword, actor: str) -> Account:
    account = await get_or_404(uow.session, Account, "account", cmd.account_id, for_update=True)
    account.password_hash = cmd.password_hash
    account.password_changed_at = account.updated_at = uow.now
    ended = await end_sessions(uow, account.id)
    # a reset also lifts a lock: the person was locked out, and the admin has just let them in again
    await uow.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.username == account.username))
    record_change(uow, account.id, actor, ChangeAction.password_reset, sessions_ended=ended)
    return account


async def assign_roles(uow: UnitOfWork, cmd: AssignRoles, actor: str) -> Account:
    _check_roles(cmd.roles)
    if problem := role_change_problem(actor, cmd.account_id, cmd.roles):
        raise Conflict(problem)
    account = await get_or_404(uow.session, Account, "account", cmd.account_id, for_update=True)
    before = account.roles
    account.roles = sorted(cmd.roles)
    account.updated_at = uow.now
    record_change(uow, account.id, actor, ChangeAction.roles_assigned, roles_before=before, roles=account.roles)
    return account


async def link_post(uow: UnitOfWork, cmd: LinkPost, actor: str) -> Account:
    account = await get_or_404(uow.session, Account, "account", cmd.account_id, for_update=True)
    if cmd.cadre_id and (other := await _by_cadre(uow, cmd.cadre_id)) is not None and other.id != account.id:
        raise Conflict("another account belongs to this cadre", field="cadre_id")
    before = {"cadre_id": account.cadre_id, "office": account.office}
    account.cadre_id, account.office = cmd.cadre_id, cmd.office
    account.updated_at = uow.now
    record_change(
        uow,
        account.id,
        actor,
        ChangeAction.post_linked,
        before=before,
        cadre_id=account.cadre_id,
        office=account.office,
    )
    return account


async def _by_cadre(uow: UnitOfWork, cadre_id: str, *, for_update: bool = False) -> Account | None:
    stmt = sa.select(Account).where(Account.cadre_id == cadre_id)
    found: Account | None = await uow.session.scalar(stmt.with_for_update() if for_update else stmt)
    return found


async def move_office(uow: UnitOfWork, cmd: MoveOffice) -> Account | None:
    """The account of the cadre, if any, now works in `office`, with that office's post role."""
    account = await _by_cadre(uow, cmd.cadre_id, for_update=True)
    if account is None:
        return None
    roles = sorted(moved_roles(account.role_set, cmd.office))
    if account.office == cmd.office and account.roles == roles:
        return account
    before = {"office": account.office, "roles": account.roles}
    account.office, account.roles, account.updated_at = cmd.office, roles, uow.now
    record_change(
        uow,
        account.id,
        PERSONNEL,
        ChangeAction.office_moved,
        before=before,
        office=cmd.office,
        roles=roles,
        event_id=cmd.event_id,
    )
    return account


async def leave_post(uow: UnitOfWork, cmd: LeavePost) -> Account | None:
    """The cadre holds no post any more: the account is disabled, loses its post roles, and every
    session of it ends in this transaction."""
    account = await _by_cadre(uow, cmd.cadre_id, for_update=True)
    if account is None:
        return None
    ended = await end_sessions(uow, account.id)
    roles = sorted(without_post(account.role_set))
    if account.state == AccountState.disabled and account.roles == roles and account.office is None and not ended:
        return account
    before = {"state": account.state, "office": account.office, "roles": account.roles}
    account.state, account.office, account.roles = AccountState.disabled.value, None, roles
    account.updated_at = uow.now
    record_change(
        uow,
        account.id,
        PERSONNEL,
        ChangeAction.left_post,
        before=before,
        reason=cmd.reason,
        roles=roles,
        sessions_ended=ended,
        event_id=cmd.event_id,
    )
    return account
