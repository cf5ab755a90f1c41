"""Migrations of every service run on SQLite and on PostgreSQL, and match the tables in the code."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from qiaolian_chassis.db import Database
from qiaolian_chassis.relay import Relay
from qiaolian_chassis.search import include_name
from qiaolian_chassis.service import Service
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_contracts.catalog import SERVICES
from qiaolian_contracts.events.rights import Channel, PetitionClass, PetitionerStatus
from qiaolian_deploy.launcher import provision_at
from qiaolian_deploy.natsserver import NatsServer
from qiaolian_rights.app import definition as rights_definition
from qiaolian_rights.petitions.commands import FilePetition, file_petition

from .conftest import TEST_BCRYPT_COST


def definition(service: str) -> Any:
    return importlib.import_module(f"qiaolian_{service}.app").definition()


def schema_diff(conn: sa.Connection, metadata: sa.MetaData) -> list[Any]:
    """What the migrated database lacks or has beyond the tables in the code (search indexes aside)."""
    return compare_metadata(
        MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}), metadata
    )


async def check_migrations(url: str, service: str) -> None:
    d = definition(service)
    db = Database(url, d.metadata, d.migrations)
    try:
        await db.migrate()
        async with db.engine.connect() as conn:
            diff = await conn.run_sync(schema_diff, d.metadata)
            tables = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
        assert diff == [], f"{service}: the tables in the code differ from the migrations: {diff}"
        assert {"outbox", "inbox", "dead_letters"} <= tables
        # down to nothing and up again
        cfg = db.alembic_config()

        def _down_up(sync_conn: sa.Connection) -> None:
            cfg.attributes["connection"] = sync_conn
            command.downgrade(cfg, "base")
            command.upgrade(cfg, "head")

        async with db.engine.begin() as conn:
            await conn.run_sync(_down_up)
        await db.migrate()  # at head: nothing to do, no error
    finally:
        await db.dispose()


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_on_sqlite(service: str, tmp_path: Path) -> None:
    await check_migrations(f"sqlite+aiosqlite:///{tmp_path}/{service}.db", service)


@pytest.mark.postgres
@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_on_postgresql(service: str, pg_database: str) -> None:
    await check_migrations(pg_database, service)


@asynccontextmanager
async def rights_with_backlog(pg_database: str, tmp_path: Path, petitions: int) -> AsyncIterator[tuple[Any, Service]]:
    """Rights on a PostgreSQL database and a nats-server of its own, `petitions` filings in its outbox."""
    server = NatsServer(tmp_path / "nats", bcrypt_cost=TEST_BCRYPT_COST).start()
    try:
        await provision_at(server.url, credentials=server.creds("provisioner"))
        rights = Service(
            rights_definition(),
            ServiceSettings(
                service="rights",
                nats_url=server.url,
                nats_credentials_file=server.credentials_file("rights"),
                database_url=pg_database,
            ),
        )
        await rights.db.migrate()
        rights.bus.start()
        await rights.bus.wait_connected()
        try:
            for i in range(petitions):
                async with rights.uow() as uow:
                    await file_petition(
                        uow,
                        FilePetition(
                            channel=Channel.phone,
                            petitioner_name=f"測試{i}",
                            petitioner_status=PetitionerStatus.relative,
                            petition_class=PetitionClass.claim,
                            category="property",
                            summary="…",
                            received_on=date(2026, 3, 2),
                        ),
                    )
            yield server, rights
        finally:
            await rights.bus.close()
            await rights.db.dispose()
    finally:
        server.stop()


async def published_on_rights(server: Any) -> int:
    nc = await server.connect("provisioner")
    info = await nc.jetstream().stream_info("RIGHTS")
    await nc.close()
    return int(info.state.messages)


@pytest.mark.postgres
async def test_outbox_on_postgresql_publishes_each_row_once_with_two_relays(pg_database: str, tmp_path: Path) -> None:
    """Two replicas' relays race on one PostgreSQL outbox; the advisory lock lets one publish at a time."""
    async with rights_with_backlog(pg_database, tmp_path, 50) as (server, rights):
        rows = await rights.relay.pending()  # each filing's events (filed, its notice deadline)
        assert rows >= 50
        relays = [Relay("rights", rights.db, rights.definition.tables, rights.bus, batch=10) for _ in range(2)]

        async def drain(relay: Relay) -> int:
            total = 0
            for _ in range(20):
                total += await relay.drain_once()
            return total

        counts = await asyncio.gather(*(drain(r) for r in relays))
        assert sum(counts) == rows and await rights.relay.pending() == 0
        assert await published_on_rights(server) == rows


@pytest.mark.postgres
async def test_two_replicas_migrating_one_postgresql_database_at_once_both_start(pg_database: str) -> None:
    """compose starts two replicas of each service together: one migrates, the other waits on the
    migration lock and then finds the database at head (without the lock the second one's CREATE TABLE
    fails on the first one's)."""
    d = definition("rights")
    dbs = [Database(pg_database, d.metadata, d.migrations) for _ in range(2)]
    try:
        await asyncio.gather(*(db.migrate() for db in dbs))
        async with dbs[0].engine.connect() as conn:
            versions = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).scalars().all()
            diff = await conn.run_sync(schema_diff, d.metadata)
        assert len(versions) == 1 and diff == []
    finally:
        for db in dbs:
            await db.dispose()


@pytest.mark.postgres
async def test_the_relay_on_postgresql_drains_a_backlog_in_overlapped_batches(pg_database: str, tmp_path: Path) -> None:
    """One round publishes batch after batch, marking each while the next is published: every row is
    published once and marked; a batch that fails half way leaves exactly the unacknowledged rows."""
    async with rights_with_backlog(pg_database, tmp_path, 40) as (server, rights):
        rows = await rights.relay.pending()
        assert rows >= 80
        relay = Relay("rights", rights.db, rights.definition.tables, rights.bus, batch=7)
        real_publish = relay._publish
        calls = 0

        async def fail_in_the_fourth_batch(batch: Any) -> int:
            nonlocal calls
            calls += 1
            acked = await real_publish(batch)
            return 3 if calls == 4 else acked  # the fourth batch: only its first 3 rows acknowledged

        relay._publish = fail_in_the_fourth_batch  # type: ignore[method-assign]
        with pytest.raises(RuntimeError, match="published 3 of 7"):
            await relay.drain_once()
        assert await rights.relay.pending() == rows - (3 * 7 + 3)  # three batches and a prefix marked
        relay._publish = real_publish  # type: ignore[method-assign]
        total = 0
        while k := await relay.drain_once():  # rounds of many batches
            total += k
        assert total == rows - (3 * 7 + 3) and await rights.relay.pending() == 0
        assert await published_on_rights(server) == rows  # the fourth batch's last 4 went twice: deduplicated
