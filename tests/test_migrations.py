"""Migrations of every service run on SQLite and on PostgreSQL, and match the tables in the code."""

from __future__ import annotations

import asyncio
import importlib
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


async def check_migrations(url: str, service: str) -> None:
    d = definition(service)
    db = Database(url, d.metadata, d.migrations)
    try:
        await db.migrate()
        async with db.engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"compare_type": True, "include_name": include_name}), d.metadata
                )
            )
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


@pytest.mark.postgres
async def test_outbox_on_postgresql_publishes_each_row_once_with_two_relays(pg_database: str, tmp_path: Path) -> None:
    """Two replicas' relays race on one PostgreSQL outbox; the advisory lock lets one publish at a time."""
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
            for i in range(50):
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
            nc = await server.connect("provisioner")
            info = await nc.jetstream().stream_info("RIGHTS")
            await nc.close()
            assert info.state.messages == rows
        finally:
            await rights.bus.close()
            await rights.db.dispose()
    finally:
        server.stop()
