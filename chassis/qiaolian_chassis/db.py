"""Async SQLAlchemy: SQLite files by default, PostgreSQL by URL; Alembic migrations per service."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from . import sqlite_inline

DURABLE = "durable"
FAST = "fast"


def create_engine(
    url: str, checkpointer: sqlite_inline.Checkpointer | None = None, durability: str = DURABLE
) -> AsyncEngine:
    """`hide_parameters`: a failed statement's error (logged with the request that caused it) names
    the SQL, never the values bound to it, which may be personal data.

    SQLite runs in WAL mode; `durability` "durable" (the default) is `synchronous=FULL`, so a commit
    is on disk before it returns (the WAL is fsynced at each commit); "fast" is `synchronous=NORMAL`,
    which fsyncs only at checkpoints: a power cut can lose the last commits (never corrupt the file).
    PostgreSQL keeps its own (durable) settings."""
    synchronous = "NORMAL" if durability == FAST else "FULL"
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # statements run on the event loop's thread (sqlite_inline), in autocommit at the driver, so
        # SQLAlchemy's "begin" below controls transactions
        path = path or ":memory:"
        engine = create_async_engine(
            url,
            hide_parameters=True,
            async_creator=sqlite_inline.creator(path, checkpointer or sqlite_inline.Checkpointer(path)),
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={synchronous}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _begin(conn):  # type: ignore[no-untyped-def]
            # A writer's BEGIN IMMEDIATE takes the write lock up front: two writers wait in turn instead
            # of one failing with "database is locked" when it upgrades from a read. Readers begin
            # deferred and, in WAL mode, neither wait for a writer nor hold one up.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

        return engine
    return create_async_engine(url, hide_parameters=True, pool_size=10, max_overflow=10, pool_pre_ping=True)


T = TypeVar("T")

WRITE = "qiaolian_write"  # execution option of a connection that writes (BEGIN IMMEDIATE on SQLite)
MIGRATION_LOCK = 0x71696C6D6967  # pg_advisory_xact_lock key held while a database is migrated ("qilmig")


async def get_or_404(session: Any, model: type[T], what: str, id_: str | int, *, for_update: bool = False) -> T:
    """One row by id (locked for a command when `for_update`), or 404."""
    from .errors import NotFound

    row = await session.get(model, id_, with_for_update=for_update)
    if row is None:
        raise NotFound(f"{what} {id_} not found")
    return row  # type: ignore[no-any-return]


def filters(*equal: tuple[Any, Any], ranges: tuple[tuple[Any, Any, Any], ...] = ()) -> list[Any]:
    """A listing's optional filters, for `.where(*filters(...))`: `column == value` for each
    `(column, value)` whose value was given (an enum compares by its value; None and an empty string,
    as `?state=` sends, are not given), and `low <= column <= high` for each `(column, low, high)`,
    each bound only when given."""
    where = [column == getattr(value, "value", value) for column, value in equal if value is not None and value != ""]
    for column, low, high in ranges:
        if low is not None:
            where.append(column >= low)
        if high is not None:
            where.append(column <= high)
    return where


def _insert(dialect: str, table: sa.Table) -> Any:
    """The dialect's INSERT, which has ON CONFLICT."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


@functools.lru_cache(maxsize=256)
def _on_conflict(dialect: str, table: sa.Table, key: tuple[str, ...], update: tuple[str, ...]) -> Any:
    stmt: Any = _insert(dialect, table)
    if not update:
        return stmt.on_conflict_do_nothing(index_elements=list(key))
    return stmt.on_conflict_do_update(index_elements=list(key), set_={c: stmt.excluded[c] for c in update})


def insert_ignore(session: AsyncSession, table: sa.Table, key: list[str]) -> Any:
    """INSERT ... ON CONFLICT (key) DO NOTHING on SQLite and PostgreSQL: no read first.

    Execute it with one row (a dict) or many (a list of dicts: one executemany). The statement is
    made once per table and key, so it is compiled once.
    """
    return _on_conflict(_dialect(session), table, tuple(key), ())


def upsert(session: AsyncSession, table: sa.Table, key: list[str], update: list[str]) -> Any:
    """INSERT a row, or where `key` is taken set its `update` columns to the row's: one statement, no
    read first. Execute it with the row (a dict)."""
    return _on_conflict(_dialect(session), table, tuple(key), tuple(update))


def increment(dialect: str, table: sa.Table, key: list[str], counter: str) -> Any:
    """INSERT a row of counts, or where `key` is taken add its `counter` to the row's: one statement,
    no read first (a summary kept by the commands that change what it counts). Execute it with the
    rows (dicts) on a connection of `dialect` ("sqlite" or "postgresql")."""
    stmt: Any = _insert(dialect, table)
    return stmt.on_conflict_do_update(index_elements=key, set_={counter: table.c[counter] + stmt.excluded[counter]})


def _dialect(session: AsyncSession) -> str:
    if session.bind is None:
        raise RuntimeError("the session is bound to no engine")
    return session.bind.dialect.name


def unique_violation(exc: sa.exc.IntegrityError) -> tuple[str, list[str]] | None:
    """(table, columns) of the unique key a write ran into, on SQLite or PostgreSQL; None for any other
    integrity error. The values are never read: they may be personal data."""
    orig = exc.orig
    if getattr(orig, "sqlite_errorname", None) in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"):
        # "UNIQUE constraint failed: archives.source_kind, archives.source_id"
        qualified = str(orig).split(":", 1)[1].split(",")
        return qualified[0].strip().split(".")[0], [c.strip().split(".", 1)[-1] for c in qualified]
    if getattr(orig, "sqlstate", None) == "23505":  # unique_violation
        driver = getattr(orig, "orig", None)
        detail = getattr(driver, "detail", None) or ""  # "Key (source_kind, source_id)=(case, c-1) already exists."
        columns = detail[len("Key (") : detail.find(")=(")] if detail.startswith("Key (") and ")=(" in detail else ""
        return getattr(driver, "table_name", None) or "record", [c.strip() for c in columns.split(",") if c.strip()]
    return None


class Database:
    def __init__(self, url: str, metadata: sa.MetaData, migrations: Path, durability: str = DURABLE) -> None:
        self.url = url
        self.metadata = metadata
        self.migrations = migrations
        self._checkpointer = sqlite_inline.Checkpointer(url.split("///", 1)[-1] or ":memory:")
        self.engine = create_engine(url, self._checkpointer, durability)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, class_=AsyncSession)
        self.write_sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, class_=AsyncSession, execution_options={WRITE: True}
        )
        self._writer: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Hold this process's turn to write. SQLite has one writer at a time: writers of one process
        queue here and each starts the moment the last one commits, instead of polling SQLite's busy
        handler (which sleeps 1, 2, 5, 10 ... ms between tries). PostgreSQL writers run concurrently."""
        if not self.is_sqlite:
            yield
            return
        loop = asyncio.get_running_loop()
        if self._writer is None or self._writer[0] is not loop:
            self._writer = (loop, asyncio.Lock())
        async with self._writer[1]:
            yield

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def alembic_config(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(self.migrations))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        cfg.attributes["target_metadata"] = self.metadata
        return cfg

    async def migrate(self, revision: str = "head") -> None:
        cfg = self.alembic_config()

        def _upgrade(sync_conn: sa.Connection) -> None:
            cfg.attributes["connection"] = sync_conn
            command.upgrade(cfg, revision)

        async with self.engine.connect() as conn:
            conn = await conn.execution_options(**{WRITE: True})
            async with conn.begin():
                if not self.is_sqlite:
                    # replicas of a service start together (compose runs two): one migrates, the
                    # others wait here and then find the database at head
                    await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
                await conn.run_sync(_upgrade)
                # the planner's statistics, for the tables as they now are (on PostgreSQL autovacuum
                # keeps them later, but only once enough rows changed: a restored or migrated
                # database would be planned blind until then)
                if self.is_sqlite:
                    for stmt in sqlite_inline.ANALYZE:
                        await conn.exec_driver_sql(stmt)
                else:  # the service's own tables (a bare ANALYZE takes the system catalogs too)
                    names = (
                        await conn.exec_driver_sql(
                            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                        )
                    ).scalars()
                    if quoted := ", ".join(f'"{n}"' for n in names):
                        await conn.exec_driver_sql(f"ANALYZE {quoted}")

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        await asyncio.to_thread(self._checkpointer.stop)


def run_migrations_env() -> None:
    """The body of every service's `migrations/env.py`: one way to run Alembic, written once."""
    from alembic import context

    from .search import include_name

    cfg = context.config
    metadata = cfg.attributes["target_metadata"]
    render_batch = cfg.get_main_option("sqlalchemy.url", "").startswith("sqlite")
    connection = cfg.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `qiaolian migrate <service>`, which supplies the connection")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=render_batch,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
