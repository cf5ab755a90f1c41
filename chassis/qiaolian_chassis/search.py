"""Search over names with an index: a part of a name found without reading every row.

`TrigramSearch(table, columns)` is declared once per searchable table (next to its model) and used
twice: by the table's migration (`create(op)` / `drop(op)`) and by its list query (`matches(q)`).

- SQLite: an FTS5 external-content table `<table>_search` over the columns with the `trigram`
  tokenizer (SQLite >= 3.34), kept in step with the table by three triggers (insert, delete, update
  of the columns) and filled from the rows present when the migration runs. A query of 3 characters
  or more is `<table>.rowid IN (SELECT rowid FROM <table>_search WHERE <table>_search MATCH '{cols} :
  "q"')`: an index lookup. The FTS table keys on the table's implicit rowid, so an operation that
  renumbers rowids (a `VACUUM` of a table without an INTEGER PRIMARY KEY, or an alembic
  `batch_alter_table` that copies the table, which also drops the triggers) must be followed by
  `rebuild(op)` (and, after a batch copy, `drop(op)` + `create(op)`).
- PostgreSQL: the `pg_trgm` extension (`CREATE EXTENSION IF NOT EXISTS pg_trgm`; a migration that
  cannot create it stops with a message saying so) and a GIN `gin_trgm_ops` index per column; a
  query is `column ILIKE '%q%'` (backslash-escaped), which that index serves.
- A query shorter than 3 characters (the trigram minimum: a Chinese name is often 2) falls back to
  the escaped `LIKE '%q%'` over the rows, on both backends.

LIKE wildcards (`%`, `_`) and FTS5 syntax in the user's input are matched literally everywhere.
`matches(q, columns=...)` searches only the columns named, so a reader who may not see a masked
field never finds rows by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

TRIGRAM = 3  # the fewest characters a trigram index can look up


class _ByDialect(ColumnElement[bool]):
    """A predicate rendered as `sqlite` on SQLite and as `other` elsewhere (decided at compile time,
    so the list query does not need to know its engine). Both parts take part in the cache key."""

    type = sa.types.NullType()  # type: ignore[assignment]  # not Boolean: SQLite would get `(...) = 1` in a WHERE
    inherit_cache = True
    _traverse_internals = [
        ("sqlite", InternalTraversal.dp_clauseelement),
        ("other", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, sqlite: ColumnElement[bool], other: ColumnElement[bool]) -> None:
        self.sqlite = sqlite
        self.other = other


@compiles(_ByDialect)
def _compile_other(element: _ByDialect, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.other, **kw)})"  # an OR of columns: grouped within an AND


@compiles(_ByDialect, "sqlite")
def _compile_sqlite(element: _ByDialect, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.sqlite, **kw)})"


def like_pattern(q: str) -> str:
    """`%q%` with PostgreSQL's default LIKE escape (backslash) before `\\`, `%` and `_`."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fts_phrase(q: str, columns: Sequence[str]) -> str:
    """An FTS5 query matching `q` literally (one phrase, its double quotes doubled) in `columns`."""
    return "{" + " ".join(columns) + '} : "' + q.replace('"', '""') + '"'


@dataclass(frozen=True)
class TrigramSearch:
    table: str
    columns: tuple[str, ...]

    @property
    def fts(self) -> str:
        return f"{self.table}_search"

    # -- the query side -------------------------------------------------------------------------

    def matches(self, source: Any, q: str, columns: Sequence[str] | None = None) -> ColumnElement[bool]:
        """Rows of `source` (the mapped class or Table of `table`) where one of `columns` (all the
        searchable ones by default) contains `q`."""
        cols = tuple(columns) if columns is not None else self.columns
        unknown = set(cols) - set(self.columns)
        if unknown or not cols:
            raise ValueError(f"{self.table}: no search index over {sorted(unknown) or 'no column'}")
        t: sa.Table = getattr(source, "__table__", source)
        if t.name != self.table:
            raise ValueError(f"the search over {self.table} cannot search {t.name}")
        if "\x00" in q:  # no name holds a NUL (and neither FTS5 nor PostgreSQL's text takes one)
            return sa.false()
        if len(q) < TRIGRAM:
            return sa.or_(*(t.c[c].icontains(q, autoescape=True) for c in cols))
        fts = sa.table(self.fts, sa.column("rowid"))
        in_index = sa.literal_column(f'"{self.table}".rowid').in_(
            sa.select(fts.c.rowid).where(sa.literal_column(f'"{self.fts}"').op("MATCH")(fts_phrase(q, cols)))
        )
        pattern = like_pattern(q)
        return _ByDialect(sqlite=in_index, other=sa.or_(*(t.c[c].ilike(pattern) for c in cols)))

    # -- the migration side ---------------------------------------------------------------------

    def ddl(self, dialect: str) -> list[str]:
        """The statements that create the index on `dialect` ("sqlite" or "postgresql")."""
        t, f = self.table, self.fts
        cols = ", ".join(self.columns)
        new = ", ".join(f"new.{c}" for c in self.columns)
        old = ", ".join(f"old.{c}" for c in self.columns)
        if dialect == "sqlite":
            delete_old = f"INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
            insert_new = f"INSERT INTO {f}(rowid, {cols}) VALUES (new.rowid, {new});"
            return [
                f"CREATE VIRTUAL TABLE {f} USING fts5({cols}, content='{t}', content_rowid='rowid', tokenize='trigram')",
                f"CREATE TRIGGER {f}_ai AFTER INSERT ON {t} BEGIN {insert_new} END",
                f"CREATE TRIGGER {f}_ad AFTER DELETE ON {t} BEGIN {delete_old} END",
                f"CREATE TRIGGER {f}_au AFTER UPDATE OF {cols} ON {t} BEGIN {delete_old} {insert_new} END",
                f"INSERT INTO {f}({f}) VALUES ('rebuild')",
            ]
        if dialect == "postgresql":
            return [f"CREATE INDEX {self._pg_index(c)} ON {t} USING gin ({c} gin_trgm_ops)" for c in self.columns]
        raise ValueError(f"no trigram search on {dialect}")

    def drop_ddl(self, dialect: str) -> list[str]:
        f = self.fts
        if dialect == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {f}_{s}" for s in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {f}"]
        if dialect == "postgresql":
            return [f"DROP INDEX IF EXISTS {self._pg_index(c)}" for c in self.columns]
        raise ValueError(f"no trigram search on {dialect}")

    def _pg_index(self, column: str) -> str:
        return f"ix_{self.table}_{column}_trgm"[:63]

    def create(self, op: Any) -> None:
        """In a migration's upgrade(): the index on the migration's backend."""
        bind = op.get_bind()
        if bind.dialect.name == "postgresql":
            ensure_pg_trgm(bind)
        for stmt in self.ddl(bind.dialect.name):
            op.execute(stmt)

    def drop(self, op: Any) -> None:
        """In a migration's downgrade() (the pg_trgm extension stays: other tables may use it)."""
        for stmt in self.drop_ddl(op.get_bind().dialect.name):
            op.execute(stmt)

    def rebuild(self, op: Any) -> None:
        """Refill the SQLite index from the table (after rowids were renumbered); nothing on PostgreSQL."""
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"INSERT INTO {self.fts}({self.fts}) VALUES ('rebuild')")


_FTS5_TABLES = ("", "_data", "_idx", "_docsize", "_config", "_content")


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Alembic's `include_name`: the search indexes (the FTS5 tables on SQLite, the `_trgm` GIN
    indexes on PostgreSQL) belong to the migrations, not to the models; a comparison leaves them out."""
    if name is None:
        return True
    if type_ == "table":
        return not any(name.endswith("_search" + suffix) for suffix in _FTS5_TABLES)
    if type_ == "index":
        return not name.endswith("_trgm")
    return True


def ensure_pg_trgm(bind: sa.Connection) -> None:
    """`CREATE EXTENSION IF NOT EXISTS pg_trgm`, or a RuntimeError that says why it cannot be."""
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        return
    if not bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first():
        raise RuntimeError(
            "search over names needs the PostgreSQL extension pg_trgm, which this server does not have: "
            "install the server's contrib package (e.g. postgresql-contrib) and run the migration again"
        )
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        raise RuntimeError(
            "search over names needs the PostgreSQL extension pg_trgm and this migration could not create it "
            f"({type(exc.orig).__name__}): have a superuser run `CREATE EXTENSION pg_trgm` in this database "
            "(or grant the migrating role CREATE on it) and run the migration again"
        ) from exc
