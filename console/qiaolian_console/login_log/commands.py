"""Writing a line of the login log, in the transaction of what it records."""

from __future__ import annotations

from dataclasses import dataclass

from qiaolian_chassis.uow import UnitOfWork

from .rules import Outcome, Reason, as_typed
from .tables import LoginEvent


@dataclass(frozen=True)
class RecordLogin:
    username: str  # as typed
    outcome: Outcome
    account_id: str | None = None
    client_ip: str | None = None
    reason: Reason | None = None


def record(uow: UnitOfWork, cmd: RecordLogin) -> LoginEvent:
    line = LoginEvent(
        at=uow.now,
        username=as_typed(cmd.username),
        account_id=cmd.account_id,
        client_ip=(cmd.client_ip or None) and cmd.client_ip[:45],
        outcome=cmd.outcome.value,
        reason=cmd.reason.value if cmd.reason else None,
    )
    uow.session.add(line)
    return line
