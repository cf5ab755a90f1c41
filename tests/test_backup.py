"""`qiaolian backup DIR` and `qiaolian restore DIR` (deploy/qiaolian_deploy/backup.py) on the running
system: data, a backup, more data, a restore into a fresh var/, a start on it. The state is the
backup's, every service agrees with its streams, and the relay and the consumers carry on."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import date
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.testing import TokenAuth
from qiaolian_contracts.catalog import CONSUMERS
from qiaolian_contracts.nats_users import PROVISIONER
from qiaolian_deploy.backup import backup, read_stream, restore
from qiaolian_deploy.launcher import Launcher
from tests.conftest import dump_logs, eventually, start_system

SERVICES = ("office", "liaison", "rights", "personnel", "console")


def file(launcher: Launcher, summary: str) -> str:
    with httpx.Client(base_url=launcher.url("rights"), timeout=30, auth=TokenAuth("rights")) as c:
        r = c.post(
            "/petitions",
            json={
                "channel": "letter",
                "petitioner": {"name": "測試", "status": "returnee"},
                "petition_class": "claim",
                "category": "property",
                "summary": summary,
                "received_on": date.today().isoformat(),
            },
        )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def on_board(launcher: Launcher) -> list[str]:
    with httpx.Client(base_url=launcher.url("office"), timeout=10, auth=TokenAuth("office")) as c:
        r = c.get("/supervision/items", params={"kind": "petition_first_decision", "limit": 500})
    r.raise_for_status()
    return [i["source_id"] for i in r.json()["items"]]


def petitions(launcher: Launcher) -> set[str]:
    with httpx.Client(base_url=launcher.url("rights"), timeout=10, auth=TokenAuth("rights")) as c:
        r = c.get("/petitions", params={"limit": 500})
    r.raise_for_status()
    return {p["id"] for p in r.json()["items"]}


def db_urls(var: Path) -> dict[str, str]:
    return {s: f"sqlite+aiosqlite:///{var / f'{s}.db'}" for s in SERVICES}


def outbox_pending(launcher: Launcher) -> int:
    total = 0
    for s in ("office", "liaison", "rights", "personnel"):
        r = httpx.get(launcher.url(s) + "/admin/outbox", timeout=10, auth=TokenAuth(s))
        r.raise_for_status()
        total += int(r.json()["pending"])
    return total


async def stream_state(launcher: Launcher) -> tuple[dict[str, list[str]], list[str]]:
    """Each stream's event ids, and every durable that still has messages to deliver."""
    nc = await connect_as(launcher.nats_url or "", launcher.nats_credentials(PROVISIONER), name="test")
    try:
        js = nc.jetstream(timeout=10)
        ids = {}
        for s in await js.streams_info():
            name = str(s.config.name)
            ids[name] = [m["headers"].get("Nats-Msg-Id") for m in await read_stream(js, name, s.state.last_seq)]
        busy = []
        for g in CONSUMERS:
            info = await js.consumer_info(g.stream, g.durable)
            if info.num_pending or info.num_ack_pending:
                busy.append(g.durable)
        return ids, busy
    finally:
        await nc.close()


@pytest.mark.system
def test_backup_then_more_then_restore_gives_the_backups_state_and_the_system_carries_on(tmp_path: Path) -> None:
    before = tmp_path / "before"
    first = start_system(before)
    try:
        kept = [file(first, f"kept-{n}") for n in range(5)]
        eventually(lambda: set(kept) <= set(on_board(first)), timeout=30)
        manifest = backup(
            tmp_path / "backup", db_urls(before), first.nats_url or "", first.nats_credentials(PROVISIONER)
        )
        later = [file(first, f"later-{n}") for n in range(3)]
        eventually(lambda: set(later) <= set(on_board(first)), timeout=30)
    finally:
        first.stop()
    written = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert written == manifest
    assert manifest["streams"]["RIGHTS"]["messages"] >= 5 and manifest["streams"]["RIGHTS"]["last_seq"] >= 5
    assert set(manifest["databases"]) == set(SERVICES)
    assert all(d["bytes"] > 0 for d in manifest["databases"].values())

    after = tmp_path / "after"
    after.mkdir()
    done = restore(tmp_path / "backup", db_urls(after), after, None)  # as the CLI: its own nats-server
    assert done["streams"]["RIGHTS"] == manifest["streams"]["RIGHTS"]["messages"]
    with pytest.raises(SystemExit):  # only into an empty var/
        restore(tmp_path / "backup", db_urls(after), after, None)

    second = start_system(after)
    try:
        # the state at backup time: what was filed before it, nothing filed after
        assert set(kept) <= petitions(second) and not set(later) & petitions(second)
        eventually(lambda: outbox_pending(second) == 0, timeout=30)  # no row left unpublished
        ids, busy = eventually(lambda: (st := asyncio.run(stream_state(second))) and not st[1] and st, timeout=60)
        # every service consistent with its streams: each producer's outbox is its stream, once each
        for s in ("rights", "personnel", "liaison", "office"):
            with sqlite3.connect(after / f"{s}.db") as db:
                outbox = [r[0] for r in db.execute("SELECT event_id FROM outbox ORDER BY id")]
            assert sorted(ids.get(s.upper(), [])) == sorted(outbox), s
        # no inbox gap: every durable's database has an inbox row for each event its stream holds
        with sqlite3.connect(after / "office.db") as db:
            inbox = {r[0] for r in db.execute("SELECT event_id FROM inbox WHERE consumer = 'office--supervision'")}
        with sqlite3.connect(after / "rights.db") as db:
            filed = {r[0] for r in db.execute("SELECT event_id FROM outbox WHERE event_type LIKE '%petition.filed%'")}
        assert len(filed) == 5 and filed <= inbox
        board = on_board(second)
        assert sorted(p for p in board if p in kept) == sorted(kept) and not set(later) & set(board)
        # the relay and the consumers carry on from there
        new = file(second, "after-restore")
        eventually(lambda: on_board(second).count(new) == 1, timeout=30)
    except BaseException:
        dump_logs(second)
        raise
    finally:
        second.stop()


async def test_a_postgresql_database_is_dumped_and_restored_only_into_an_empty_one(
    pg_database: str, tmp_path: Path
) -> None:
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import create_async_engine

    from qiaolian_chassis.db import Database
    from qiaolian_deploy.backup import backup_database, reopen_unpublished, restore_database
    from qiaolian_rights.app import definition

    d = definition()
    db = Database(pg_database, d.metadata, d.migrations)
    await db.migrate()
    async with db.engine.begin() as conn:
        for n, published in ((1, True), (2, True), (3, False)):
            await conn.execute(
                sa.insert(d.tables.outbox).values(
                    event_id=f"e{n}",
                    event_type="qiaolian.rights.petition.filed.v1",
                    stream="RIGHTS",
                    subject="qiaolian.rights.petition.filed.v1",
                    payload=b"{}",
                    created_at=sa.func.now(),
                    published_at=sa.func.now() if published else None,
                )
            )
    await db.dispose()
    entry = await asyncio.to_thread(backup_database, "rights", pg_database, tmp_path)
    assert entry["kind"] == "postgresql" and entry["bytes"] > 0
    with pytest.raises(SystemExit):  # it has tables
        await asyncio.to_thread(restore_database, "rights", pg_database, tmp_path, entry)
    engine = create_async_engine(pg_database, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            await conn.execute(sa.text("CREATE SCHEMA public"))
        await asyncio.to_thread(restore_database, "rights", pg_database, tmp_path, entry)
        # e2 was marked published but is not in the copied stream: it is to be published again
        assert await reopen_unpublished(pg_database, {"e1"}) == 1
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT event_id, published_at IS NULL FROM outbox ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [("e1", False), ("e2", True), ("e3", True)]
    finally:
        await engine.dispose()
