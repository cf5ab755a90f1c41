"""The NATS users of a server: their passwords, credentials files and the `authorization` block.

Who may do what is declared in contracts/nats_users.py; this module turns it into nats-server
configuration, for the local server (`make run`, tests: `natsserver.NatsServer`) and for compose
(deploy/nats/nats-server.conf, checked by `qiaolian nats-config`).

Local credentials: `<dir>/<user>.json` = `{"url", "user", "password"}`, mode 0600 in a 0700
directory (`var/nats/` for `make run`), made with a random password on first start and kept after;
delete a file to give its user a new password at the next start. The server config holds bcrypt
hashes only (nats-server compares a client's password with a `$2b$...` hash itself); computing one
is slow on purpose, so the hashes are kept in `<dir>/nats-passwords.json` (0600) with a SHA-256
fingerprint of the password they were made from, and made again only when a password changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

import bcrypt

from qiaolian_chassis.settings import NatsCredentials
from qiaolian_contracts.nats_users import DEFAULT_INTEGRATOR_DURABLES, USERS, Permissions, all_permissions

HASH_CACHE = "nats-passwords.json"
DEFAULT_BCRYPT_COST = 11  # nats's own `nats server passwd` default


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600), atomically, in a directory only it can enter."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def credentials_path(directory: Path, user: str) -> Path:
    return Path(directory) / f"{user}.json"


def ensure_credentials(directory: Path, url: str, users: Iterable[str] = USERS) -> dict[str, NatsCredentials]:
    """Each user's credentials file: read when it exists (its url brought up to date), else made
    with a new random password."""
    out: dict[str, NatsCredentials] = {}
    for user in users:
        path = credentials_path(directory, user)
        data: dict[str, str] | None = None
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
        if not data or data.get("user") != user or not data.get("password"):
            data = {"url": url, "user": user, "password": secrets.token_urlsafe(32)}
            write_private(path, json.dumps(data, indent=2) + "\n")
        elif data.get("url") != url:
            data = {**data, "url": url}
            write_private(path, json.dumps(data, indent=2) + "\n")
        out[user] = NatsCredentials(user=user, password=data["password"])
    return out


def password_hashes(
    directory: Path, credentials: Mapping[str, NatsCredentials], cost: int = DEFAULT_BCRYPT_COST
) -> dict[str, str]:
    """bcrypt hashes of the passwords, made again only for a password that changed."""
    cache_file = Path(directory) / HASH_CACHE
    cache: dict[str, dict[str, str]] = {}
    if cache_file.is_file():
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    changed = False
    for user, creds in credentials.items():
        fingerprint = hashlib.sha256(creds.password.encode()).hexdigest()
        entry = cache.get(user)
        if (
            not entry
            or entry.get("sha256") != fingerprint
            or not entry.get("bcrypt", "").startswith(f"$2b${cost:02d}$")
        ):
            entry = {
                "sha256": fingerprint,
                "bcrypt": bcrypt.hashpw(creds.password.encode(), bcrypt.gensalt(cost)).decode(),
            }
            cache[user] = entry
            changed = True
        out[user] = entry["bcrypt"]
    if changed or not cache_file.is_file():
        write_private(cache_file, json.dumps(cache, indent=2) + "\n")
    return out


def _permission(items: tuple[str, ...], indent: str) -> str:
    if not items:  # an empty allow list reads as "no restriction" to a human: deny everything explicitly
        return '{deny: [">"]}'
    if len(items) == 1:
        return f"{{allow: [{json.dumps(items[0])}]}}"
    lines = "".join(f"{indent}    {json.dumps(s)},\n" for s in items)
    return f"{{\n{indent}  allow: [\n{lines}{indent}  ]\n{indent}}}"


def render_user(perms: Permissions, password: str, indent: str = "    ") -> str:
    """One entry of `users`; `password` is a config value as it is to be written: a quoted string
    (a bcrypt hash) or an environment variable reference (`$NAME`, resolved by nats-server)."""
    i2 = indent + "  "
    i3 = i2 + "  "
    return (
        f"{indent}# {perms.description}\n"
        f"{indent}{{\n"
        f"{i2}user: {json.dumps(perms.user)}\n"
        f"{i2}password: {password}\n"
        f"{i2}permissions: {{\n"
        f"{i3}publish: {_permission(perms.publish, i3)}\n"
        f"{i3}subscribe: {_permission(perms.subscribe, i3)}\n"
        f"{i2}}}\n"
        f"{indent}}}\n"
    )


def render_authorization(
    passwords: Mapping[str, str],
    integrator_durables: Iterable[str] = DEFAULT_INTEGRATOR_DURABLES,
    extra_users: Iterable[Permissions] = (),
) -> str:
    """The `authorization` block: every user of contracts/nats_users.py (and `extra_users`, which
    only test harnesses add) and nothing else. There is no `no_auth_user`, so a client without a
    user and password is refused."""
    users = "".join(render_user(p, passwords[p.user]) for p in [*all_permissions(integrator_durables), *extra_users])
    return f"authorization {{\n  users: [\n{users}  ]\n}}\n"


def env_password_var(user: str) -> str:
    """The environment variable compose's nats-server reads a user's password from."""
    return f"QIAOLIAN_NATS_{user.upper()}_PASSWORD"


def render_compose_authorization(integrator_durables: Iterable[str] = DEFAULT_INTEGRATOR_DURABLES) -> str:
    """The block of deploy/nats/nats-server.conf: passwords from the container's environment."""
    return render_authorization({u: f"${env_password_var(u)}" for u in USERS}, integrator_durables)
