"""`qiaolian accounts create-admin USERNAME`: the first real admin, straight into the console's database.

Run where the console's settings are (CONSOLE_DATABASE_URL, or var/console.db): on a fresh
deployment, before anyone can sign in to create accounts through the API. The password is read from
a prompt (twice) or from standard input, never from the command line, where `ps` and the shell's
history would show it. The change log names the actor `cli`.
"""

from __future__ import annotations

import getpass
import sys

from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import DomainError
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_console.accounts import commands
from qiaolian_console.accounts.passwords import Passwords
from qiaolian_console.accounts.rules import normalize_username, password_problem
from qiaolian_console.app import definition, service_settings
from qiaolian_console.settings import ConsoleSettings
from qiaolian_contracts.access import Role

CLI = "cli"


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise SystemExit("the passwords differ")
    return first


async def create_admin(username: str, password: str, settings: ConsoleSettings | None = None) -> str:
    """The new account's id; SystemExit with the reason when it cannot be made."""
    settings = settings or ConsoleSettings()
    username = normalize_username(username)
    if problem := password_problem(password, min_length=settings.password_min_length, username=username):
        raise SystemExit(f"password: {problem}")
    d = definition()
    db = Database(service_settings(settings).db_url, d.metadata, d.migrations)
    try:
        await db.migrate()
        passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
        password_hash = await passwords.hash(password)
        uow = UnitOfWorkFactory(db, d.name, d.tables, on_commit=lambda: None)
        try:
            async with uow() as u:
                account = await commands.create_account(
                    u, commands.CreateAccount(username, password_hash, frozenset({Role.admin.value})), CLI
                )
        except DomainError as exc:
            raise SystemExit(exc.detail) from None
        return account.id
    finally:
        await db.dispose()
