"""HTTP API of accounts, for the `admin` (accounts.manage), and their change log, for the `auditor`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_contracts.events.common import Id, Office

from ..filters import AccountId, Code, Instant, Text
from ..runtime import Console, console_of
from ..sessions.guard import CurrentSession, permit
from . import commands, queries
from .rules import AccountState, normalize_username, password_problem, state_of
from .tables import Account, AccountChange

router = APIRouter(tags=["accounts"])

MANAGE = "accounts.manage"
Secret = Annotated[str, Field(max_length=1024)]


class NewAccount(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Secret
    roles: list[str] = Field(default_factory=list, max_length=30, description="names of ACCESS.md's roles")
    cadre_id: Id | None = Field(None, description="the person in personnel, whose appointments the account follows")
    office: Office | None = None


class Roles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[str] = Field(max_length=30)


class NewPassword(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: Secret


class Post(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: Id | None
    office: Office | None


class AccountOut(BaseModel):
    id: str
    username: str
    cadre_id: str | None
    office: str | None
    roles: list[str]
    state: AccountState
    locked_until: datetime | None
    created_at: datetime
    updated_at: datetime
    password_changed_at: datetime

    @classmethod
    def of(cls, a: Account, locked_until: datetime | None, now: datetime) -> AccountOut:
        state = state_of(a.state, locked_until, now)
        return cls(
            id=a.id,
            username=a.username,
            cadre_id=a.cadre_id,
            office=a.office,
            roles=sorted(a.roles),
            state=state,
            locked_until=locked_until if state == AccountState.locked else None,
            created_at=a.created_at,
            updated_at=a.updated_at,
            password_changed_at=a.password_changed_at,
        )


class ChangeOut(BaseModel):
    id: int
    at: datetime
    account_id: str
    actor: str
    action: str
    detail: dict[str, Any]

    @classmethod
    def of(cls, c: AccountChange) -> ChangeOut:
        return cls(id=c.id, at=c.at, account_id=c.account_id, actor=c.actor, action=c.action, detail=c.detail)


async def _out(console: Console, account: Account) -> AccountOut:
    async with console.db.sessions() as s:
        row = (await s.execute(queries.accounts(console.now()).where(Account.id == account.id))).one()
    return AccountOut.of(row[0], row[1], console.now())


async def _hash(console: Console, password: str, username: str) -> str:
    if problem := password_problem(password, min_length=console.settings.password_min_length, username=username):
        raise Invalid("password", problem)
    return await console.passwords.hash(password)


@router.get("/accounts", summary="List accounts")
async def list_accounts(
    request: Request,
    state: AccountState | None = None,
    office: Office | None = None,
    username: Text | None = None,
    page: PageParams = Depends(page_params),
    _: CurrentSession = permit(MANAGE),
) -> Page[AccountOut]:
    console = console_of(request)
    now = console.now()
    async with console.db.sessions() as s:
        return await paginate(
            s,
            queries.accounts(now, state=state, office=office, username=username),
            page,
            lambda r: AccountOut.of(r[0], r[1], now),
            scalars=False,
        )


@router.get("/accounts/changes", summary="The account-changes log, newest first (auditor)")
async def list_changes(
    request: Request,
    account_id: AccountId | None = None,
    actor: Code | None = None,
    action: Code | None = None,
    since: Instant | None = None,
    until: Instant | None = None,
    page: PageParams = Depends(page_params),
    _: CurrentSession = permit("audit.read"),
) -> Page[ChangeOut]:
    async with console_of(request).db.sessions() as s:
        return await paginate(
            s,
            queries.account_changes(account_id=account_id, actor=actor, action=action, since=since, until=until),
            page,
            ChangeOut.of,
        )


@router.get("/accounts/{account_id}", summary="One account")
async def get_account(account_id: AccountId, request: Request, _: CurrentSession = permit(MANAGE)) -> AccountOut:
    console = console_of(request)
    async with console.db.sessions() as s:
        account = await get_or_404(s, Account, "account", account_id)
    return await _out(console, account)


@router.post("/accounts", status_code=201, summary="Create an account")
async def create_account(body: NewAccount, request: Request, who: CurrentSession = permit(MANAGE)) -> AccountOut:
    console = console_of(request)
    username = normalize_username(body.username)
    password_hash = await _hash(console, body.password, username)
    async with console.uow() as uow:
        account = await commands.create_account(
            uow,
            commands.CreateAccount(
                username=username,
                password_hash=password_hash,
                roles=frozenset(body.roles),
                cadre_id=body.cadre_id,
                office=body.office.value if body.office else None,
            ),
            who.account.id,
        )
    return await _out(console, account)


@router.post("/accounts/{account_id}/disable", summary="Disable an account: its sessions end at once")
async def disable(account_id: AccountId, request: Request, who: CurrentSession = permit(MANAGE)) -> AccountOut:
    console = console_of(request)
    async with console.uow() as uow:
        account = await commands.disable(uow, commands.DisableAccount(account_id), who.account.id)
    return await _out(console, account)


@router.post("/accounts/{account_id}/enable", summary="Enable a disabled account (and lift a lock)")
async def enable(account_id: AccountId, request: Request, who: CurrentSession = permit(MANAGE)) -> AccountOut:
    console = console_of(request)
    async with console.uow() as uow:
        account = await commands.enable(uow, commands.EnableAccount(account_id), who.account.id)
    return await _out(console, account)


@router.post("/accounts/{account_id}/password", summary="Reset the password: every session of the account ends")
async def reset_password(
    account_id: AccountId, body: NewPassword, request: Request, who: CurrentSession = permit(MANAGE)
) -> AccountOut:
    console = console_of(request)
    async with console.db.sessions() as s:
        target = await get_or_404(s, Account, "account", account_id)
    password_hash = await _hash(console, body.password, target.username)
    async with console.uow() as uow:
        account = await commands.reset_password(uow, commands.ResetPassword(account_id, password_hash), who.account.id)
    return await _out(console, account)


@router.put("/accounts/{account_id}/roles", summary="Assign the account's roles (the whole set)")
async def assign_roles(
    account_id: AccountId, body: Roles, request: Request, who: CurrentSession = permit(MANAGE)
) -> AccountOut:
    console = console_of(request)
    async with console.uow() as uow:
        account = await commands.assign_roles(
            uow, commands.AssignRoles(account_id, frozenset(body.roles)), who.account.id
        )
    return await _out(console, account)


@router.put("/accounts/{account_id}/post", summary="Link the account to its cadre in personnel, and its office")
async def link_post(
    account_id: AccountId, body: Post, request: Request, who: CurrentSession = permit(MANAGE)
) -> AccountOut:
    console = console_of(request)
    async with console.uow() as uow:
        account = await commands.link_post(
            uow,
            commands.LinkPost(account_id, body.cadre_id, body.office.value if body.office else None),
            who.account.id,
        )
    return await _out(console, account)
