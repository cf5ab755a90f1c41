"""The operator CLI: `qiaolian <command>`.

  run                       start nats-server (unless QIAOLIAN_NATS_URL), provision, the four services
  provision                 create or update streams and consumers from the catalog
  migrate [SERVICE ...]     run database migrations
  revision SERVICE -m MSG   autogenerate a migration from the service's tables (developers)
  asyncapi [--write]        check (or rewrite) the committed AsyncAPI documents
  schemas [--write]         check (or rewrite) the committed JSON Schema snapshots
  dead-letters SERVICE      list dead letters; `--replay ID` runs one through its consumer again
  tail [SUBJECT]            print events as they are published (read-only, ephemeral consumer)
  nats-config [--write]     check (or rewrite) the NATS users and permissions in deploy/nats/nats-server.conf

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
from qiaolian_contracts.catalog import SERVICES

from .launcher import Launcher, provision_at


def definition(service: str) -> ServiceDefinition:
    made: ServiceDefinition = importlib.import_module(f"qiaolian_{service}.app").definition()
    return made


def cmd_run(_args: argparse.Namespace) -> int:
    from qiaolian_chassis.logging import configure_logging

    settings = BusSettings()
    configure_logging("launcher", settings.log_level)
    import os

    return Launcher(var_dir=settings.var_dir.resolve(), nats_url=os.environ.get("QIAOLIAN_NATS_URL")).run_forever()


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

    for service in args.services or SERVICES:
        asyncio.run(go(service))
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


def cmd_asyncapi(args: argparse.Namespace) -> int:
    return _check_or_write(asyncapi_files(), args.write, "asyncapi")


def cmd_schemas(args: argparse.Namespace) -> int:
    from qiaolian_contracts.schemas import snapshot_files

    return _check_or_write(snapshot_files(), args.write, "schemas")


def cmd_dead_letters(args: argparse.Namespace) -> int:
    base = f"http://{args.host}:{ServiceSettings.for_service(args.service).port}"
    if args.replay is not None:
        req = urllib.request.Request(f"{base}/admin/dead-letters/{args.replay}/replay", method="POST")
    else:
        req = urllib.request.Request(f"{base}/admin/dead-letters?limit=500")
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


def cmd_nats_config(args: argparse.Namespace) -> int:
    path = COMPOSE_NATS_CONF
    return _check_or_write({path: compose_nats_conf(path.read_text(encoding="utf-8"))}, args.write, "nats-config")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="qiaolian", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run").set_defaults(fn=cmd_run)
    sub.add_parser("provision").set_defaults(fn=cmd_provision)
    m = sub.add_parser("migrate")
    m.add_argument("services", nargs="*", metavar="SERVICE", help=f"any of {SERVICES}; default all")
    m.set_defaults(fn=cmd_migrate)
    r = sub.add_parser("revision")
    r.add_argument("service", choices=SERVICES)
    r.add_argument("-m", "--message", required=True)
    r.add_argument("--rev-id", default=None)
    r.set_defaults(fn=cmd_revision)
    for name, fn in (("asyncapi", cmd_asyncapi), ("schemas", cmd_schemas), ("nats-config", cmd_nats_config)):
        a = sub.add_parser(name)
        a.add_argument("--write", action="store_true")
        a.set_defaults(fn=fn)
    dl = sub.add_parser("dead-letters")
    dl.add_argument("service", choices=SERVICES)
    dl.add_argument("--replay", type=int, default=None, metavar="ID")
    dl.add_argument("--host", default="127.0.0.1")
    dl.set_defaults(fn=cmd_dead_letters)
    t = sub.add_parser("tail")
    t.add_argument("subject", nargs="?", default="qiaolian.>")
    t.add_argument("--all", action="store_true", help="from the start of the streams, not only new events")
    t.set_defaults(fn=cmd_tail)
    args = p.parse_args(argv)
    return int(args.fn(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
