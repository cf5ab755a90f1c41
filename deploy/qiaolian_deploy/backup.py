"""`qiaolian backup DIR` and `qiaolian restore DIR`: every database and every stream, and back.

Backup, in this order:
1. every stream (nats-py, as the `provisioner` user: an ordered consumer reads each stream from its
   first message to the last sequence it had when the backup began) into `streams/<STREAM>.jsonl`,
   one line per message: subject, headers (with `Nats-Msg-Id`, the event id) and data;
2. then each database: SQLite through its online backup API (`<service>.db`, a consistent copy while
   the service writes), PostgreSQL through `pg_dump -Fc` (`<service>.dump`);
3. `manifest.json`: each file's size, each stream's message count and first/last sequence.
Streams first: every event in the copy then has its outbox row in the copied database. A row the
relay marked published after the streams were copied has no message in the copy; restore finds those
and marks them unpublished again, so the relay publishes them anew (same event id: the consumers'
inboxes keep them to one effect).

Restore into an empty var/ (or empty PostgreSQL databases): the databases first, then the streams
and consumers from the catalog (`provision`), then each stream's messages published again in order,
each as its producer's NATS user (the provisioner publishes no event), and the outbox rows above
reopened. The durable consumers start from the first message again; each consumer's inbox skips what
its database has already applied, so every service carries on from the state of the backup. Without
QIAOLIAN_NATS_URL a nats-server of its own runs under var/nats/ for the time of the restore (as
`make run` would start it); against another server, the users' `<user>.json` must be in var/nats/.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.settings import BusSettings, NatsCredentials
from qiaolian_contracts.catalog import DEAD_LETTER_PREFIX
from qiaolian_contracts.nats_users import PROVISIONER

MANIFEST = "manifest.json"


def _libpq(url: str) -> str:
    """postgresql+asyncpg://… as pg_dump reads it."""
    return "postgresql://" + url.split("://", 1)[1]


def _sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1])


# ---- streams ------------------------------------------------------------------------------------


async def read_stream(js: Any, stream: str, last_seq: int) -> list[dict[str, Any]]:
    """Every message of `stream` up to `last_seq`, in order, as JSON-able dicts."""
    from nats.js.api import DeliverPolicy

    out: list[dict[str, Any]] = []
    if last_seq == 0:
        return out
    sub = await js.subscribe(">", stream=stream, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL)
    try:
        while True:
            msg = await sub.next_msg(timeout=10)
            seq = msg.metadata.sequence.stream
            if seq > last_seq:
                break
            out.append(
                {
                    "seq": seq,
                    "subject": msg.subject,
                    "headers": dict(msg.headers or {}),
                    "data": base64.b64encode(msg.data).decode(),
                }
            )
            if seq >= last_seq:
                break
    finally:
        await sub.unsubscribe()
    return out


async def backup_streams(out: Path, url: str, credentials: NatsCredentials | None) -> dict[str, Any]:
    nc = await connect_as(url, credentials, name="qiaolian-backup")
    try:
        js = nc.jetstream(timeout=10)
        names = sorted(str(s.config.name) for s in await js.streams_info())
        (out / "streams").mkdir(parents=True, exist_ok=True)
        manifest = {}
        for name in names:
            state = (await js.stream_info(name)).state
            messages = await read_stream(js, name, state.last_seq)
            path = out / "streams" / f"{name}.jsonl"
            path.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in messages), encoding="utf-8")
            manifest[name] = {
                "file": str(path.relative_to(out)),
                "bytes": path.stat().st_size,
                "messages": len(messages),
                "first_seq": messages[0]["seq"] if messages else 0,
                "last_seq": messages[-1]["seq"] if messages else state.last_seq,
            }
        return manifest
    finally:
        await nc.close()


def publisher_of(subject: str) -> str:
    """The NATS user that may publish `subject`: an event's producer, a dead letter's consumer."""
    parts = subject.split(".")
    if subject.startswith(DEAD_LETTER_PREFIX + "."):
        return subject[len(DEAD_LETTER_PREFIX) + 1 :].split(".")[0]
    return parts[1]  # qiaolian.<service>.…


async def restore_streams(src: Path, url: str, credentials_dir: Path, settings: BusSettings) -> dict[str, int]:
    """Provision, then publish every backed-up message again, each as its publisher's user."""
    from qiaolian_chassis.provision import provision_as_provisioner

    await provision_as_provisioner(settings, url, NatsCredentials.from_file(credentials_dir / f"{PROVISIONER}.json"))
    connections: dict[str, Any] = {}
    counts: dict[str, int] = {}
    try:
        for path in sorted((src / "streams").glob("*.jsonl")):
            stream = path.stem
            n = 0
            for line in path.read_text(encoding="utf-8").splitlines():
                m = json.loads(line)
                user = publisher_of(m["subject"])
                if user not in connections:
                    creds = NatsCredentials.from_file(credentials_dir / f"{user}.json")
                    connections[user] = await connect_as(url, creds, name=f"qiaolian-restore-{user}")
                js = connections[user].jetstream(timeout=10)
                await js.publish(m["subject"], base64.b64decode(m["data"]), stream=stream, headers=m["headers"] or None)
                n += 1
            counts[stream] = n
    finally:
        for nc in connections.values():
            await nc.close()
    return counts


# ---- databases ----------------------------------------------------------------------------------


def backup_database(service: str, url: str, out: Path) -> dict[str, Any]:
    if url.startswith("sqlite"):
        dst = out / f"{service}.db"
        src = sqlite3.connect(f"file:{_sqlite_path(url)}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(dst)
            try:
                src.backup(target)  # the online backup API: a consistent copy while others write
            finally:
                target.close()
        finally:
            src.close()
        return {"kind": "sqlite", "file": dst.name, "bytes": dst.stat().st_size}
    dst = out / f"{service}.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dst}", _libpq(url)], check=True)
    return {"kind": "postgresql", "file": dst.name, "bytes": dst.stat().st_size}


def restore_database(service: str, url: str, src: Path, entry: dict[str, Any]) -> None:
    if url.startswith("sqlite"):
        if entry["kind"] != "sqlite":
            raise SystemExit(f"{service}: the backup is {entry['kind']}, the target SQLite")
        dst = _sqlite_path(url)
        if dst.exists():
            raise SystemExit(f"{service}: {dst} exists; restore goes into an empty var/")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / entry["file"], dst)
        return
    if entry["kind"] != "postgresql":
        raise SystemExit(f"{service}: the backup is {entry['kind']}, the target PostgreSQL")

    async def tables() -> int:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                return int((await conn.execute(sa.text(q))).scalar() or 0)
        finally:
            await engine.dispose()

    if asyncio.run(tables()):
        raise SystemExit(f"{service}: the database has tables; restore goes into an empty database")
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={_libpq(url)}", str(src / entry["file"])], check=True)


async def reopen_unpublished(url: str, published: set[str]) -> int:
    """Outbox rows marked published whose event is not in the restored stream: published again."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            if not await conn.run_sync(lambda c: sa.inspect(c).has_table("outbox")):
                return 0
            rows = (await conn.execute(sa.text("SELECT id, event_id FROM outbox WHERE published_at IS NOT NULL"))).all()
            missing = [r.id for r in rows if r.event_id not in published]
            for i in range(0, len(missing), 500):
                ids = missing[i : i + 500]
                await conn.execute(
                    sa.text("UPDATE outbox SET published_at = NULL WHERE id IN :ids").bindparams(
                        sa.bindparam("ids", expanding=True)
                    ),
                    {"ids": ids},
                )
            return len(missing)
    finally:
        await engine.dispose()


# ---- the two commands ---------------------------------------------------------------------------


def backup(out: Path, db_urls: dict[str, str], nats_url: str, credentials: NatsCredentials | None) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    if (out / MANIFEST).exists():
        raise SystemExit(f"{out} holds a backup already")
    started = datetime.now(UTC)
    streams = asyncio.run(backup_streams(out, nats_url, credentials))  # first: see the module's text
    databases = {
        s: backup_database(s, url, out)
        for s, url in db_urls.items()
        if not url.startswith("sqlite") or _sqlite_path(url).exists()  # a process never started has none
    }
    manifest = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "streams": streams,
        "databases": databases,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def restore(src: Path, db_urls: dict[str, str], var_dir: Path, nats_url: str | None) -> dict[str, Any]:
    """Into empty databases and a server without streams (its own under var/nats/ if no nats_url)."""
    from .natsserver import NatsServer, free_port

    manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    for service, entry in manifest["databases"].items():
        if service not in db_urls:
            raise SystemExit(f"no database for {service} here")
        restore_database(service, db_urls[service], src, entry)
    server = None
    if nats_url is None:
        server = NatsServer(var_dir / "nats", port=free_port(), log_file=var_dir / "nats-server.log").start()
        nats_url = server.url
    try:
        settings = BusSettings(nats_url=nats_url)
        credentials_dir = server.credentials_dir if server else var_dir / "nats"
        existing = asyncio.run(_stream_names(nats_url, credentials_dir))
        if existing:
            raise SystemExit(f"the NATS server has streams already ({', '.join(existing)}); restore needs none")
        counts = asyncio.run(restore_streams(src, nats_url, credentials_dir, settings))
    finally:
        if server:
            server.stop()
    published = set()
    for path in (src / "streams").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if event_id := (json.loads(line)["headers"] or {}).get("Nats-Msg-Id"):
                published.add(event_id)
    reopened = {s: asyncio.run(reopen_unpublished(url, published)) for s, url in db_urls.items()}
    return {"streams": counts, "reopened": reopened}


async def _stream_names(url: str, credentials_dir: Path) -> list[str]:
    nc = await connect_as(url, NatsCredentials.from_file(credentials_dir / f"{PROVISIONER}.json"), name="restore")
    try:
        return sorted(str(s.config.name) for s in await nc.jetstream().streams_info())
    finally:
        await nc.close()
