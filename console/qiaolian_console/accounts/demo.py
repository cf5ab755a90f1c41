"""The demo accounts: one per role a person can have, for trying the system on a laptop.

Loaded only in development (`QIAOLIAN_ENV=dev` and `CONSOLE_DEMO=true`, which `make run` sets), and
only into an empty database: the first real account, or the first `make run`, decides. Their
password is public: while any of them can still sign in with it, `/auth/me` says `demo: true` and
the log says so at every start.
"""

from __future__ import annotations

import sqlalchemy as sa

from qiaolian_chassis.logging import get_logger
from qiaolian_contracts.access import OFFICES, Role

from ..runtime import Console
from . import commands
from .rules import AccountState, ChangeAction
from .tables import Account, AccountChange

log = get_logger(__name__)

PASSWORD = "qiaolian-demo"
DEMO = "demo"  # the actor of the accounts' creation in the change log

# username -> (roles, office)
ACCOUNTS: dict[str, tuple[frozenset[str], str | None]] = {
    "admin": (frozenset({Role.admin.value}), None),
    "leader": (frozenset({Role.leader.value}), None),
    "auditor": (frozenset({Role.auditor.value}), None),
    **{f"{o}.{post}": (frozenset({f"{o}.{post}"}), o) for o in OFFICES for post in ("head", "clerk")},
}


async def load(console: Console) -> int:
    """Create the demo accounts if there is no account at all; how many were created."""
    async with console.db.sessions() as s:
        if await s.scalar(sa.select(sa.func.count()).select_from(Account)):
            return 0
    hashes = {name: await console.passwords.hash(PASSWORD) for name in ACCOUNTS}
    async with console.uow() as uow:
        if await uow.session.scalar(sa.select(sa.func.count()).select_from(Account)):
            return 0  # another replica was first
        for name, (roles, office) in ACCOUNTS.items():
            await commands.create_account(uow, commands.CreateAccount(name, hashes[name], roles, office=office), DEMO)
    log.warning("demo_accounts_created", count=len(ACCOUNTS))
    return len(ACCOUNTS)


async def present(console: Console) -> bool:
    """Whether a demo account can still sign in with the public password (active, never changed)."""
    async with console.db.sessions() as s:
        found = await s.scalar(
            sa.select(Account.id)
            .join(AccountChange, AccountChange.account_id == Account.id)
            .where(
                AccountChange.actor == DEMO,
                AccountChange.action == ChangeAction.created.value,
                Account.state == AccountState.active.value,
                Account.password_changed_at == Account.created_at,
            )
            .limit(1)
        )
    return found is not None
