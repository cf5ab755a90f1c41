"""The console's migrations run on SQLite and PostgreSQL, down and up again, and match its tables."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from qiaolian_chassis.db import Database
from qiaolian_console.app import definition


async def check(url: str) -> None:
    d = definition()
    db = Database(url, d.metadata, d.migrations)
    try:
        await db.migrate()
        async with db.engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), d.metadata)
            )
            tables = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
        assert diff == [], f"the tables in the code differ from the migrations: {diff}"
        assert {"outbox", "inbox", "dead_letters", "audit", "accounts", "sessions", "login_log"} <= tables
        cfg = db.alembic_config()

        def down_up(sync_conn: sa.Connection) -> None:
            cfg.attributes["connection"] = sync_conn
            command.downgrade(cfg, "base")
            command.upgrade(cfg, "head")

        async with db.engine.begin() as conn:
            await conn.run_sync(down_up)
        await db.migrate()
    finally:
        await db.dispose()


async def test_migrations_on_sqlite(tmp_path: Path) -> None:
    await check(f"sqlite+aiosqlite:///{tmp_path}/console.db")


@pytest.mark.postgres
async def test_migrations_on_postgresql(pg_url: str) -> None:
    await check(pg_url)
