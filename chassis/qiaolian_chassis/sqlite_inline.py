"""SQLite driven on the event loop's own thread, behind SQLAlchemy's aiosqlite dialect.

aiosqlite runs each connection in a thread and hands it every call (cursor, execute, fetch, close,
commit) through a queue, then wakes the event loop with the result. A statement of a small
command takes SQLite tens of microseconds; the two thread hops around it cost more CPU than that,
and under load each wait for the loop's next turn lengthens the transaction that holds SQLite's
single write lock (measured: a petition filing cost 4 ms of CPU, most of it hops). Here the same
aiosqlite-shaped objects call `sqlite3` directly, so a statement is a plain function call.

What could block the loop is a wait for another process's write lock: the connection's own
busy_timeout is 0, and a statement that starts a transaction and finds the database locked is
retried with `asyncio.sleep` (1 ms doubling to 50 ms, for up to `BUSY_TIMEOUT_S`), so other
requests go on meanwhile. Within one process, writers queue on `Database.writing()` and never meet
the lock. A write inside a transaction holding the lock (WAL mode) is never busy, so a statement is
never retried halfway.

Checkpoints (copying the WAL back into the database file, with an fsync) would otherwise run inside
whichever commit crosses the WAL's size limit, on the loop; a `Checkpointer` thread with its own
connection runs them instead, passively, four times a second. The commits' own auto-checkpoint is
kept only as a safety net, at 40 MB of WAL.

The query planner's statistics: without `sqlite_stat1` SQLite guesses every table's size, and at ten
years of data a guess picks an index for the order of a GROUP BY over one that finds the few rows a
filter asks for (the petition statistics by region: 91 ms against 36). `ANALYZE` counts them after
every migration (`Database.migrate`), and the same thread runs it again every `ANALYZE_EVERY_S`, as
the tables grow.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

BUSY_TIMEOUT_S = 30.0
CHECKPOINT_EVERY_S = 0.25
AUTOCHECKPOINT_PAGES = 10_000  # the commits' own checkpoint: only if the Checkpointer falls behind
ANALYZE_EVERY_S = 3600.0
# every row counted (analysis_limit 0): a sample of 1 000 rows per index told the planner that
# `merged_into IS NULL` picks 1 001 of 100 000 persons (it picks all), and the persons' list sorted them
# all (39 ms) instead of reading its order's index (0.2 ms). Exact, it took 0.15-0.32 s on ten-year files.
ANALYZE = ("PRAGMA analysis_limit=0", "ANALYZE")
_SQLITE_BUSY = 5


class Cursor:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._cursor = conn._conn.cursor()

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *_exc: Any) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        await self._conn._run(self._cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> Cursor:
        await self._conn._run(self._cursor.executemany, sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class Connection:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._connection: sqlite3.Connection | None = conn  # the dialect checks it before commit/rollback

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self._conn.in_transaction:
            return fn(*args)
        loop = asyncio.get_running_loop()
        give_up = loop.time() + BUSY_TIMEOUT_S
        delay = 0.001
        while True:
            try:
                return fn(*args)
            except sqlite3.OperationalError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) != _SQLITE_BUSY or loop.time() > give_up:
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    def cursor(self) -> Cursor:
        return Cursor(self)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level


class Checkpointer:
    """A thread that checkpoints the WAL of one database file, so commits on the loop do not, and
    refreshes the planner's statistics every `ANALYZE_EVERY_S`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def ensure_started(self) -> None:
        if self._thread is None and self.path != ":memory:":
            self._thread = threading.Thread(target=self._run, name=f"sqlite-checkpoint:{self.path}", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            conn.execute("PRAGMA busy_timeout=1000")
            analyzed = time.monotonic()
            while not self._halt.wait(CHECKPOINT_EVERY_S):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                if time.monotonic() - analyzed >= ANALYZE_EVERY_S:
                    analyzed = time.monotonic()
                    try:
                        for stmt in ANALYZE:
                            conn.execute(stmt)
                    except sqlite3.OperationalError:
                        pass  # the write lock stayed taken for a second: the next hour's run
        except sqlite3.Error:
            pass  # the file is gone (a test's), or unreadable: the commits' auto-checkpoint remains
        finally:
            conn.close()

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        self._halt.clear()


def creator(path: str, checkpointer: Checkpointer) -> Callable[[], Any]:
    """The `async_creator` of an engine on the SQLite file at `path`."""

    async def connect() -> Connection:
        # autocommit at the driver: SQLAlchemy's begin event issues BEGIN (see db.create_engine)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=0")  # waits happen in Connection._run, off the loop
        conn.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        checkpointer.ensure_started()
        return Connection(conn)

    return connect
