"""HTTP API of signing in: sign in, sign out, who am I, change my password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from qiaolian_contracts.access import PERMISSIONS, holds

from ..runtime import Console, console_of
from . import commands
from .guard import CSRF_COOKIE, SESSION_COOKIE, CurrentSession, client_ip, signed_in
from .rules import digest

router = APIRouter(prefix="/auth", tags=["sessions"])

Username = Annotated[str, Field(min_length=1, max_length=100)]
Secret = Annotated[str, Field(min_length=1, max_length=1024)]


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Username
    password: Secret


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current: Secret
    new: Annotated[str, Field(max_length=1024)]


class Me(BaseModel):
    username: str
    cadre_id: str | None
    office: str | None
    roles: list[str]
    permissions: list[str] = Field(
        description="the permissions the roles hold (contracts/access.py): the web app shows only the menus and "
        "actions whose route's `x-permission` is among them; the services' 403 stays the real guard"
    )
    demo: bool = Field(description="the console runs with the demo accounts, whose password is public")


class SignedIn(Me):
    csrf_token: str = Field(
        description=f"send it back in X-CSRF-Token with every change (also in the {CSRF_COOKIE} cookie)"
    )


def _me(console: Console, who: CurrentSession | commands.SignedIn) -> Me:
    a = who.account
    roles = frozenset(a.roles)
    return Me(
        username=a.username,
        cadre_id=a.cadre_id,
        office=a.office,
        roles=sorted(roles),
        permissions=sorted(p for p in PERMISSIONS if holds(roles, p)),
        demo=console.demo,
    )


def _set_cookies(console: Console, response: Response, token: str, csrf: str) -> None:
    common = {
        "max_age": int(console.settings.session_lifetime.total_seconds()),
        "path": "/",
        "secure": console.settings.secure_cookies,
        "samesite": "strict",
    }
    response.set_cookie(SESSION_COOKIE, token, httponly=True, **common)  # type: ignore[arg-type]
    response.set_cookie(CSRF_COOKIE, csrf, httponly=False, **common)  # type: ignore[arg-type]


def _clear_cookies(console: Console, response: Response) -> None:
    for name, httponly in ((SESSION_COOKIE, True), (CSRF_COOKIE, False)):
        response.delete_cookie(
            name, path="/", secure=console.settings.secure_cookies, httponly=httponly, samesite="strict"
        )


@router.post(
    "/login",
    summary="Sign in",
    responses={
        401: {"description": "the same answer for an unknown user, a wrong password and a disabled account"},
        429: {"description": "too many failures: locked, Retry-After says for how many seconds"},
    },
)
async def login(body: Login, request: Request, response: Response) -> SignedIn:
    console = console_of(request)
    old = request.cookies.get(SESSION_COOKIE)
    signed = await commands.sign_in(
        console,
        commands.SignIn(body.username, body.password, client_ip(request), replaces=digest(old) if old else None),
    )
    _set_cookies(console, response, signed.token, signed.csrf)
    return SignedIn(**_me(console, signed).model_dump(), csrf_token=signed.csrf)


@router.post("/logout", status_code=204, summary="Sign out: the session ends")
async def logout(request: Request, who: CurrentSession = Depends(signed_in)) -> Response:
    console = console_of(request)
    await commands.sign_out(console, commands.SignOut(who.session_id, who.account, client_ip(request)))
    response = Response(status_code=204)
    _clear_cookies(console, response)
    return response


@router.get("/me", summary="Who is signed in")
async def me(request: Request, who: CurrentSession = Depends(signed_in)) -> Me:
    return _me(console_of(request), who)


@router.post(
    "/password",
    status_code=204,
    summary="Change my password; my other sessions end",
    responses={422: {"description": "`new` breaks the policy, or `current` is not the password"}},
)
async def change_password(body: PasswordChange, request: Request, who: CurrentSession = Depends(signed_in)) -> Response:
    await commands.change_password(
        console_of(request),
        commands.ChangePassword(who.account, who.session_id, body.current, body.new, client_ip(request)),
    )
    return Response(status_code=204)
