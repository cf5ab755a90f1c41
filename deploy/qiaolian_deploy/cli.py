"""The operator CLI: `qiaolian <command>`.

run                       start nats-server (unless QIAOLIAN_NATS_URL), provision, the four services
                          and the console (QIAOLIAN_ENV defaults to dev: keys and demo accounts)
provision                 create or update streams and consumers from the catalog
backup DIR                every database and every stream into DIR, with manifest.json
restore DIR               a backup into an empty var/ (or empty databases), streams and consumers
migrate [SERVICE ...]     run database migrations (the console's too)
accounts create-admin U   the first real admin of the console (password from a prompt or
                          --password-stdin)
keys generate [DIR]       the token-signing key, its public half and the ID-hash key (0600)
revision SERVICE -m MSG   autogenerate a migration from the service's tables (developers)
asyncapi [--write]        check (or rewrite) the committed AsyncAPI documents
schemas [--write]         check (or rewrite) the committed JSON Schema snapshots
permissions [--write]     check (or rewrite) docs/permissions.md, the permission of every route
openapi [--write]         check (or rewrite) console/web/openapi/*.json, the web app's API types' source
dead-letters SERVICE      list dead letters; `--replay ID` runs one through its consumer again
tail [SUBJECT]            print events as they are published (read-only, ephemeral consumer)
nats-config [--write]     check (or rewrite) the NATS users and permissions in deploy/nats/nats-server.conf
                          and the compose cluster's deploy/nats/cluster/nats-{1,2,3}.conf made from it
calendar add FILE         check a year's holiday file (e.g. 2027.json) and store it where the services
                          read it (QIAOLIAN_HOLIDAYS_DIR, else <QIAOLIAN_VAR_DIR>/holidays); their
                          schedulers count the open deadlines again on it

provision and tail connect as the `provisioner` NATS user: QIAOLIAN_NATS_USER/QIAOLIAN_NATS_PASSWORD,
QIAOLIAN_NATS_CREDENTIALS_FILE, or var/nats/provisioner.json as `make run` writes it.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import urllib.request
from pathlib import Path

from qiaolian_chassis.service import ServiceDefinition
from qiaolian_chassis.settings import BusSettings, ServiceSettings
from qiaolian_contracts.calendar import YearFileError, add_year
from qiaolian_contracts.catalog import SERVICES

from .launcher import CONSOLE, PORTS, Launcher, provision_at

MIGRATED = (*SERVICES, CONSOLE)  # every process with a database


def definition(service: str) -> ServiceDefinition:
    made: ServiceDefinition = importlib.import_module(f"qiaolian_{service}.app").definition()
    return made


def cmd_run(_args: argparse.Namespace) -> int:
    import os

    from qiaolian_chassis.logging import configure_logging

    from .launcher import LOCAL_NATS_PORT

    settings = BusSettings()
    configure_logging("launcher", settings.log_level)
    # each process's port: <SERVICE>_PORT as the services read it, else the defaults (README)
    ports = {s: int(os.environ.get(f"{s.upper()}_PORT") or p) for s, p in PORTS.items()}
    return Launcher(
        var_dir=settings.var_dir.resolve(),
        nats_url=os.environ.get("QIAOLIAN_NATS_URL"),
        ports=ports,
        nats_port=int(os.environ.get("QIAOLIAN_LOCAL_NATS_PORT") or LOCAL_NATS_PORT),
    ).run_forever()


def _db_urls() -> dict[str, str]:
    return {s: ServiceSettings.for_service(s).db_url for s in MIGRATED}


def cmd_backup(args: argparse.Namespace) -> int:
    from qiaolian_contracts.nats_users import PROVISIONER

    from .backup import backup

    settings = BusSettings()
    manifest = backup(Path(args.directory), _db_urls(), settings.nats_url, settings.nats_credentials(PROVISIONER))
    for name, s in manifest["streams"].items():
        print(f"stream {name}: {s['messages']} messages, last sequence {s['last_seq']}, {s['bytes']} bytes")
    for name, d in manifest["databases"].items():
        print(f"database {name} ({d['kind']}): {d['bytes']} bytes")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    import os

    from .backup import restore

    settings = BusSettings()
    done = restore(Path(args.directory), _db_urls(), settings.var_dir.resolve(), os.environ.get("QIAOLIAN_NATS_URL"))
    for name, n in done["streams"].items():
        print(f"stream {name}: {n} messages restored")
    for name, n in done["reopened"].items():
        if n:
            print(f"{name}: {n} outbox rows to publish again (marked published after the streams were copied)")
    return 0


def cmd_provision(_args: argparse.Namespace) -> int:
    settings = BusSettings()
    for line in asyncio.run(provision_at(settings.nats_url, settings)) or ["nothing to change"]:
        print(line)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from qiaolian_chassis.db import Database

    async def go(service: str) -> None:
        d = definition(service)
        db = Database(ServiceSettings.for_service(service).db_url, d.metadata, d.migrations)
        try:
            await db.migrate()
        finally:
            await db.dispose()
        print(f"{service}: migrated")

    if unknown := set(args.services) - set(MIGRATED):
        raise SystemExit(f"qiaolian migrate: no service {sorted(unknown)}; any of {MIGRATED}")
    for service in args.services or MIGRATED:
        asyncio.run(go(service))
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    from qiaolian_console.accounts.rules import normalize_username

    from .accounts import create_admin, read_password

    account_id = asyncio.run(create_admin(args.username, read_password(args.password_stdin)))
    print(f"admin {normalize_username(args.username)} created (account {account_id}); sign in at the console")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from .keys import ensure_keys

    files = ensure_keys(Path(args.directory))
    for path in (files.signing, files.public, files.id_hash):
        print(path)
    return 0


def cmd_revision(args: argparse.Namespace) -> int:
    """Autogenerate a migration by comparing the tables with a scratch database at head."""
    import tempfile

    import sqlalchemy as sa
    from alembic import command

    from qiaolian_chassis.db import Database

    d = definition(args.service)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/scratch.db", d.metadata, d.migrations)
        asyncio.run(db.migrate())
        asyncio.run(db.dispose())
        cfg = db.alembic_config()
        engine = sa.create_engine(f"sqlite:///{tmp}/scratch.db")
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=args.message, autogenerate=True, rev_id=args.rev_id)
    return 0


def _check_or_write(files: dict[Path, str], write: bool, what: str) -> int:
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if write:
        for p in stale:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(files[p], encoding="utf-8")
            print(f"wrote {p}")
        return 0
    for p in stale:
        print(f"{what} out of date: {p} (run make {what})", file=sys.stderr)
    return 1 if stale else 0


def asyncapi_files() -> dict[Path, str]:
    from qiaolian_chassis import asyncapi

    out = {}
    for service in SERVICES:
        d = definition(service)
        out[asyncapi.committed_path(d.package_dir)] = asyncapi.render(d.asyncapi())
    return out


PERMISSIONS_DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def permissions_files() -> dict[Path, str]:
    """docs/permissions.md: every route of every service, the permission it declares, and the roles
    that hold it (contracts/access.py). Generated from the apps themselves, so it cannot drift."""
    from qiaolian_chassis.keys import new_signing_key, public_key_of
    from qiaolian_chassis.service import build_app, permission_matrix
    from qiaolian_contracts.access import PERMISSIONS

    key = public_key_of(new_signing_key()).decode()  # the matrix needs an app, not a real key
    lines = [
        "# Permissions",
        "",
        "Generated by `qiaolian permissions --write` from the routes of the four services (each declares",
        "one permission) and contracts/access.py (which roles hold it); CI fails when it drifts.",
        "Without signing in: `/health/*`, `/openapi.json`, `/docs`, `/docs/asyncapi`.",
        "",
        "## Roles per permission",
        "",
        "| permission | roles |",
        "|---|---|",
        *(f"| `{p}` | {', '.join(f'`{r}`' for r in sorted(roles))} |" for p, roles in sorted(PERMISSIONS.items())),
    ]
    for service in SERVICES:
        settings = ServiceSettings.for_service(service, token_public_key=key, token_public_key_file=None)
        app = build_app(definition(service), settings)
        lines += ["", f"## {service}", "", "| method | path | permission |", "|---|---|---|"]
        lines += [f"| {m} | `{path}` | `{perm}` |" for m, path, perm in permission_matrix(app)]
    return {PERMISSIONS_DOC: "\n".join(lines) + "\n"}


OPENAPI_DIR = Path(__file__).resolve().parents[2] / "console" / "web" / "openapi"


def openapi_files() -> dict[Path, str]:
    """The OpenAPI document of each service, from the apps themselves: `npm run types` makes the web
    app's types of them, so a contract change that breaks a screen breaks its build."""
    from qiaolian_chassis.keys import new_signing_key, public_key_of
    from qiaolian_chassis.service import build_app

    key = public_key_of(new_signing_key()).decode()
    out = {}
    for service in SERVICES:
        settings = ServiceSettings.for_service(service, token_public_key=key, token_public_key_file=None)
        doc = build_app(definition(service), settings).openapi()
        out[OPENAPI_DIR / f"{service}.json"] = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    out[LABELS_FILE] = labels_file()
    return out


LABELS_FILE = OPENAPI_DIR.parent / "src" / "i18n" / "contracts.zh-CN.json"


def labels_file() -> str:
    """The Chinese names of the documents' fields and codes (`qiaolian_contracts.labels`, the exports'
    headers): the screens' labels in zh-CN where the console's i18n file has no term of its own."""
    from qiaolian_contracts.labels import FIELD_LABELS, VALUE_LABELS

    labels = {"field": FIELD_LABELS, "value": VALUE_LABELS}
    return json.dumps(labels, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def cmd_openapi(args: argparse.Namespace) -> int:
    return _check_or_write(openapi_files(), args.write, "openapi")


def cmd_permissions(args: argparse.Namespace) -> int:
    return _check_or_write(permissions_files(), args.write, "permissions")


def cmd_asyncapi(args: argparse.Namespace) -> int:
    return _check_or_write(asyncapi_files(), args.write, "asyncapi")


def cmd_schemas(args: argparse.Namespace) -> int:
    from qiaolian_contracts.schemas import snapshot_files

    return _check_or_write(snapshot_files(), args.write, "schemas")


def operator_token(service: str, key_file: Path | None) -> str:
    """A five-minute token of the `operator` role for `service`, signed with the deployment's key
    (var/keys/token-signing.pem unless `--key-file`): the operator's CLI is a machine account."""
    from qiaolian_chassis.auth import Principal, TokenSigner

    from .keys import KeyFiles

    path = key_file or KeyFiles.under(BusSettings().var_dir / "keys").signing
    who = Principal(account_id="operator-cli", cadre_id=None, office=None, roles=frozenset({"operator"}))
    return TokenSigner(path.read_bytes()).sign(who, service)


def cmd_dead_letters(args: argparse.Namespace) -> int:
    port = ServiceSettings.for_service(
        args.service, **({} if args.service in SERVICES else {"port": PORTS[CONSOLE]})
    ).port
    base = f"http://{args.host}:{port}"
    headers = {"Authorization": f"Bearer {operator_token(args.service, args.key_file)}"}
    if args.replay is not None:
        req = urllib.request.Request(f"{base}/admin/dead-letters/{args.replay}/replay", method="POST", headers=headers)
    else:
        req = urllib.request.Request(f"{base}/admin/dead-letters?limit=500", headers=headers)
    with urllib.request.urlopen(req, timeout=10) as r:
        print(json.dumps(json.loads(r.read()), indent=2, ensure_ascii=False))
    return 0


def cmd_tail(args: argparse.Namespace) -> int:
    from nats.js.api import DeliverPolicy

    from qiaolian_chassis.bus import connect_as
    from qiaolian_contracts.nats_users import PROVISIONER

    async def go() -> None:
        settings = BusSettings()
        nc = await connect_as(settings.nats_url, settings.nats_credentials(PROVISIONER), name="qiaolian-tail")
        js = nc.jetstream()
        policy = DeliverPolicy.ALL if args.all else DeliverPolicy.NEW
        sub = await js.subscribe(args.subject, ordered_consumer=True, deliver_policy=policy)
        try:
            async for msg in sub.messages:
                print(msg.data.decode(), flush=True)
        finally:
            await nc.close()

    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        pass
    return 0


COMPOSE_NATS_CONF = Path(__file__).resolve().parent.parent / "nats" / "nats-server.conf"
NATS_CONF_BEGIN = (
    "# --- BEGIN users and permissions: generated by `qiaolian nats-config --write` from contracts/nats_users.py ---"
)
NATS_CONF_END = "# --- END users and permissions ---"


def compose_nats_conf(current: str) -> str:
    """deploy/nats/nats-server.conf with its generated authorization block brought up to date."""
    from .natsauth import render_compose_authorization

    block = (
        f"{NATS_CONF_BEGIN}\n{render_compose_authorization(BusSettings().nats_integrator_durables)}{NATS_CONF_END}\n"
    )
    if NATS_CONF_BEGIN in current and NATS_CONF_END in current:
        head, rest = current.split(NATS_CONF_BEGIN, 1)
        tail = rest.split(NATS_CONF_END, 1)[1].lstrip("\n")
        return head + block + (("\n" + tail) if tail else "")
    return current.rstrip("\n") + "\n\n" + block


CLUSTER_NODES = 3
CLUSTER_NATS_DIR = COMPOSE_NATS_CONF.parent / "cluster"
SINGLE_NODE_HEAD = "# nats-server configuration for the compose stack (single node)."


def cluster_nats_conf(single: str, node: int, size: int = CLUSTER_NODES) -> str:
    """deploy/nats/cluster/nats-<node>.conf: the single-node file (its users block included) as one
    node of compose's three, with its name and the routes to the other two."""
    routes = "\n".join(f"    nats-route://nats-{n}:6222" for n in range(1, size + 1) if n != node)
    cluster = (
        "\n# The three nodes of compose's JetStream cluster (RAFT): streams and consumers are replicated\n"
        "# on all three (QIAOLIAN_STREAM_REPLICAS=3, set at provisioning), so any one node may be lost.\n"
        "cluster {\n"
        '  name: "qiaolian"\n'
        "  port: 6222\n"
        "  routes: [\n"
        f"{routes}\n"
        "  ]\n"
        "}\n"
    )
    head = (
        f"# GENERATED by `qiaolian nats-config --write` from deploy/nats/nats-server.conf: node {node} of {size}\n"
        "# of the compose stack's NATS cluster. Edit the single-node file (or contracts/nats_users.py), then\n"
        "# run `make nats-config`.\n"
    )
    text = single.replace(SINGLE_NODE_HEAD, head.rstrip("\n"), 1)
    text = text.replace("(GET /healthz?js-enabled-only=true)", "(GET /healthz: JetStream up, with a meta leader)", 1)
    text = text.replace("server_name: qiaolian-nats-1\n", f"server_name: qiaolian-nats-{node}\n", 1)
    text = text.replace("http_port: 8222\n", "http_port: 8222\n" + cluster, 1)
    return text


def nats_config_files() -> dict[Path, str]:
    single = compose_nats_conf(COMPOSE_NATS_CONF.read_text(encoding="utf-8"))
    files = {COMPOSE_NATS_CONF: single}
    for node in range(1, CLUSTER_NODES + 1):
        files[CLUSTER_NATS_DIR / f"nats-{node}.conf"] = cluster_nats_conf(single, node)
    return files


def cmd_nats_config(args: argparse.Namespace) -> int:
    return _check_or_write(nats_config_files(), args.write, "nats-config")


def cmd_calendar_add(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        stored = add_year(path.read_text(encoding="utf-8"), args.dir, name=str(path))
    except (OSError, UnicodeDecodeError) as e:
        print(f"{path}: cannot be read ({e})", file=sys.stderr)
        return 2
    except YearFileError as e:
        print(e, file=sys.stderr)
        return 2
    print(f"stored {stored}; the services count their open deadlines again on it")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="qiaolian", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run").set_defaults(fn=cmd_run)
    sub.add_parser("provision").set_defaults(fn=cmd_provision)
    b = sub.add_parser("backup", help="every database and every stream into DIR, with a manifest")
    b.add_argument("directory")
    b.set_defaults(fn=cmd_backup)
    rs = sub.add_parser("restore", help="a backup into an empty var/ (or empty databases)")
    rs.add_argument("directory")
    rs.set_defaults(fn=cmd_restore)
    m = sub.add_parser("migrate")
    m.add_argument("services", nargs="*", metavar="SERVICE", help=f"any of {MIGRATED}; default all")
    m.set_defaults(fn=cmd_migrate)
    r = sub.add_parser("revision")
    r.add_argument("service", choices=MIGRATED)
    r.add_argument("-m", "--message", required=True)
    r.add_argument("--rev-id", default=None)
    r.set_defaults(fn=cmd_revision)
    for name, fn in (
        ("asyncapi", cmd_asyncapi),
        ("schemas", cmd_schemas),
        ("permissions", cmd_permissions),
        ("openapi", cmd_openapi),
        ("nats-config", cmd_nats_config),
    ):
        a = sub.add_parser(name)
        a.add_argument("--write", action="store_true")
        a.set_defaults(fn=fn)
    dl = sub.add_parser("dead-letters")
    dl.add_argument("service", choices=MIGRATED)
    dl.add_argument("--replay", type=int, default=None, metavar="ID")
    dl.add_argument("--host", default="127.0.0.1")
    dl.add_argument("--key-file", type=Path, default=None, help="the token-signing key (default var/keys/)")
    dl.set_defaults(fn=cmd_dead_letters)
    acc = sub.add_parser("accounts").add_subparsers(dest="action", required=True)
    ca = acc.add_parser("create-admin", help="the first real admin of the console")
    ca.add_argument("username")
    ca.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    ca.set_defaults(fn=cmd_create_admin)
    keys = sub.add_parser("keys").add_subparsers(dest="action", required=True)
    kg = keys.add_parser("generate", help="make the key files that are missing (existing ones are kept)")
    kg.add_argument("directory", nargs="?", default="var/keys")
    kg.set_defaults(fn=cmd_keys)
    cal = sub.add_parser("calendar").add_subparsers(dest="action", required=True)
    cadd = cal.add_parser("add", help="check and store a year's holiday file (add or correct a year)")
    cadd.add_argument("file", type=Path)
    cadd.add_argument("--dir", type=Path, default=None, help="the holidays data directory (default: as the services)")
    cadd.set_defaults(fn=cmd_calendar_add)
    t = sub.add_parser("tail")
    t.add_argument("subject", nargs="?", default="qiaolian.>")
    t.add_argument("--all", action="store_true", help="from the start of the streams, not only new events")
    t.set_defaults(fn=cmd_tail)
    args = p.parse_args(argv)
    return int(args.fn(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
