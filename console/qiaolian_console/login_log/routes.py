"""HTTP API of the login log, for the `auditor` (audit.read): read-only, newest first."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from qiaolian_chassis.http import Page, PageParams, page_params, paginate

from ..filters import AccountId, Instant, IpAddress, Text
from ..runtime import console_of
from ..sessions.guard import CurrentSession, permit
from . import queries
from .rules import Outcome, Reason
from .tables import LoginEvent

router = APIRouter(prefix="/auth", tags=["login log"])


class LoginEventOut(BaseModel):
    id: int
    at: datetime
    username: str
    account_id: str | None
    client_ip: str | None
    outcome: Outcome
    reason: Reason | None

    @classmethod
    def of(cls, e: LoginEvent) -> LoginEventOut:
        return cls(
            id=e.id,
            at=e.at,
            username=e.username,
            account_id=e.account_id,
            client_ip=e.client_ip,
            outcome=Outcome(e.outcome),
            reason=Reason(e.reason) if e.reason else None,
        )


@router.get("/login-log", summary="Sign-ins, refusals, lockouts and sign-outs")
async def login_log(
    request: Request,
    username: Text | None = None,
    account_id: AccountId | None = None,
    outcome: Outcome | None = None,
    reason: Reason | None = None,
    client_ip: IpAddress | None = None,
    since: Instant | None = None,
    until: Instant | None = None,
    page: PageParams = Depends(page_params),
    _: CurrentSession = permit("audit.read"),
) -> Page[LoginEventOut]:
    async with console_of(request).db.sessions() as s:
        return await paginate(
            s,
            queries.login_events(
                username=username,
                account_id=account_id,
                outcome=outcome,
                reason=reason,
                client_ip=client_ip,
                since=since,
                until=until,
            ),
            page,
            LoginEventOut.of,
        )
