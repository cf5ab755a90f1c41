"""Search over names with an index: a part of a name found without reading every row.

`TrigramSearch(table, columns)` is declared once per searchable table (next to its model) and used
twice: by the table's migrations (`create(op)` / `drop(op)` for the trigram index, `create_bigrams(op)`
/ `drop_bigrams(op)` for the index of 2-character queries) and by its list query (`matches(q)`).

- SQLite, 3 characters or more: an FTS5 external-content table `<table>_search` over the columns
  with the `trigram` tokenizer (SQLite >= 3.34), kept in step with the table by three triggers
  (insert, delete, update of the columns) and filled from the rows present when the migration runs.
  A query is `<table>.rowid IN (SELECT rowid FROM <table>_search WHERE <table>_search MATCH '{cols} :
  "q"')`: an index lookup.
- SQLite, 2 characters (a Chinese given name, 志明): a contentless FTS5 table `<table>_grams`
  (`content=''`, the `unicode61` tokenizer without removing diacritics) whose column text is the
  value's 2-character substrings separated by spaces (`陳志明` -> `陳志 志明`), each a token of its own
  (`detail='column'`: no positions, a query is one token); three triggers keep it in step (a
  contentless table is told a row's old text with FTS5's 'delete' command). A trigger cannot run a
  recursive CTE, so the pairs are a fixed expression over the first `bigram_chars` characters of a
  value (the columns' declared lengths: 100 for names, 200 for associations' and resources' names,
  300 for titles), a CASE on the value's length so that a short name takes a short one: a pair
  beyond `bigram_chars` is not found by a 2-character query. The query is `rowid IN (SELECT rowid
  FROM <table>_grams WHERE ... MATCH '{cols} : "q"')` when both characters are token characters for unicode61 (letters and digits, CJK among
  them; it folds case, so `Ta` finds `Tan`); a pair with a space or punctuation in it keeps the LIKE.
- The FTS tables key on the table's implicit rowid, so an operation that renumbers rowids (a `VACUUM`
  of a table without an INTEGER PRIMARY KEY, or an alembic `batch_alter_table` that copies the table,
  which also drops the triggers) must be followed by `rebuild(op)` (and, after a batch copy, `drop(op)`
  + `create(op)`, and `drop_bigrams(op)` + `create_bigrams(op)` once the table has its bigrams).
- PostgreSQL: the `pg_trgm` extension (`CREATE EXTENSION IF NOT EXISTS pg_trgm`; a migration that
  cannot create it stops with a message saying so) and a GIN `gin_trgm_ops` index per column; a
  query of 3 characters or more is `column ILIKE '%q%'` (backslash-escaped), which that index serves.
  For 2 characters: an IMMUTABLE function `qiaolian_bigrams(text)` (the lower-cased 2-character
  substrings of the whole value), a GIN index per column on `qiaolian_bigrams(column)` and the query
  `qiaolian_bigrams(column) @> ARRAY[lower(q)]`, any two characters (an array holds them as typed).
- A query of 1 character falls back to the escaped `LIKE '%q%'` over the rows, on both backends.

LIKE wildcards (`%`, `_`) and FTS5 syntax in the user's input are matched literally everywhere.
`matches(q, columns=...)` searches only the columns named, so a reader who may not see a masked
field never finds rows by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from unicodedata import category, ucd_3_2_0

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

TRIGRAM = 3  # the fewest characters a trigram index can look up
BIGRAM = 2  # a query of exactly this many characters reads the bigram index
BIGRAMS_FUNCTION = "qiaolian_bigrams"  # PostgreSQL: text -> its lower-cased 2-character substrings
_PAIRS_PER_GROUP = 16  # the pairs' concatenation is nested in groups of this many
_PAIR_TIERS = (8, 32, 128)  # the lengths up to which a value takes a shorter expression of its pairs


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


def _token_character(c: str) -> bool:
    """Whether SQLite's unicode61 tokenizer surely keeps `c` within a token: a letter, a digit or a
    private-use character (its categories L*, N*, Co) both in Unicode 3.2 (older than the 6.1 tables
    SQLite carries) and now. A character this leaves out only costs a 2-character query its index."""
    return all(cat[0] in "LN" or cat == "Co" for cat in (category(c), ucd_3_2_0.category(c)))


def _pairs_sql(column: str, chars: int) -> str:
    """SQL for the space-separated 2-character substrings of `column`'s first `chars` characters
    (NULL for NULL): `substr(c, 1, 2) || ' ' || substr(c, 2, 2) || ...`. A short value takes a short
    expression (a CASE on its length: the pairs of a 3-character name are not 99 calls of substr)."""
    tiers = [n for n in _PAIR_TIERS if n < chars]
    if not tiers:
        return _pairs_upto(column, chars)
    whens = " ".join(f"WHEN length({column}) <= {n} THEN {_pairs_upto(column, n)}" for n in tiers)
    return f"CASE {whens} ELSE {_pairs_upto(column, chars)} END"


def _pairs_upto(column: str, chars: int) -> str:
    sep = " || ' ' || "
    terms = [f"substr({column}, {i}, 2)" for i in range(1, max(chars, BIGRAM))]
    while len(terms) > _PAIRS_PER_GROUP:  # nested in groups: SQLite limits an expression's depth
        groups = [terms[i : i + _PAIRS_PER_GROUP] for i in range(0, len(terms), _PAIRS_PER_GROUP)]
        terms = [f"({sep.join(g)})" if len(g) > 1 else g[0] for g in groups]
    return sep.join(terms)


@dataclass(frozen=True)
class TrigramSearch:
    table: str
    columns: tuple[str, ...]
    # SQLite: a 2-character query finds a pair within a value's first this many characters (the
    # columns' declared length, so that every value the API accepts is covered whole)
    bigram_chars: int = 100

    @property
    def fts(self) -> str:
        return f"{self.table}_search"

    @property
    def grams(self) -> str:
        return f"{self.table}_grams"

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
        if len(q) < BIGRAM:
            return self._like(t, q, cols)
        if len(q) == BIGRAM:
            like = self._like(t, q, cols)
            in_grams = self._in_index(self.grams, q, cols) if all(map(_token_character, q)) else like
            pair = postgresql.array([sa.func.lower(sa.literal(q, sa.Text))])
            has_pair = sa.or_(
                *(getattr(sa.func, BIGRAMS_FUNCTION)(t.c[c]).op("@>", is_comparison=True)(pair) for c in cols)
            )
            return _ByDialect(sqlite=in_grams, other=has_pair if len(q.lower()) == BIGRAM else like)
        pattern = like_pattern(q)
        in_trigrams = self._in_index(self.fts, q, cols)
        return _ByDialect(sqlite=in_trigrams, other=sa.or_(*(t.c[c].ilike(pattern) for c in cols)))

    @staticmethod
    def _like(t: sa.Table, q: str, cols: Sequence[str]) -> ColumnElement[bool]:
        return sa.or_(*(t.c[c].icontains(q, autoescape=True) for c in cols))

    def _in_index(self, fts_table: str, q: str, cols: Sequence[str]) -> ColumnElement[bool]:
        fts = sa.table(fts_table, sa.column("rowid"))
        return sa.literal_column(f'"{self.table}".rowid').in_(
            sa.select(fts.c.rowid).where(sa.literal_column(f'"{fts_table}"').op("MATCH")(fts_phrase(q, cols)))
        )

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

    def bigram_ddl(self, dialect: str) -> list[str]:
        """The statements that create the index of 2-character queries on `dialect`."""
        t, g = self.table, self.grams
        cols = ", ".join(self.columns)
        if dialect == "sqlite":

            def pairs(prefix: str) -> str:
                return ", ".join(_pairs_sql(prefix + c, self.bigram_chars) for c in self.columns)

            delete_old = f"INSERT INTO {g}({g}, rowid, {cols}) VALUES ('delete', old.rowid, {pairs('old.')});"
            insert_new = f"INSERT INTO {g}(rowid, {cols}) VALUES (new.rowid, {pairs('new.')});"
            return [
                f"CREATE VIRTUAL TABLE {g} USING fts5({cols}, content='', "
                "tokenize='unicode61 remove_diacritics 0', detail='column')",
                f"CREATE TRIGGER {g}_ai AFTER INSERT ON {t} BEGIN {insert_new} END",
                f"CREATE TRIGGER {g}_ad AFTER DELETE ON {t} BEGIN {delete_old} END",
                f"CREATE TRIGGER {g}_au AFTER UPDATE OF {cols} ON {t} BEGIN {delete_old} {insert_new} END",
                self._fill_grams(),
            ]
        if dialect == "postgresql":
            return [
                # a loop: 4 times as fast as SQL over generate_series (2 us a name); duplicates are
                # left to GIN, which keeps a key once per row; COST about its time for a name or a
                # title against cpu_operator_cost's (1000 made a count over many rows JIT-compiled)
                f"CREATE OR REPLACE FUNCTION {BIGRAMS_FUNCTION}(value text) RETURNS text[] "
                "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 250 AS $$ "
                "DECLARE v text := lower(value); pairs text[] := '{}'; "
                "BEGIN FOR i IN 1 .. length(v) - 1 LOOP pairs := pairs || substr(v, i, 2); END LOOP; "
                "RETURN pairs; END $$",
                *(
                    f"CREATE INDEX {self._pg_bigram_index(c)} ON {t} USING gin ({BIGRAMS_FUNCTION}({c}))"
                    for c in self.columns
                ),
            ]
        raise ValueError(f"no bigram search on {dialect}")

    def bigram_drop_ddl(self, dialect: str) -> list[str]:
        g = self.grams
        if dialect == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {g}_{s}" for s in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {g}"]
        if dialect == "postgresql":  # the function goes with the last index that uses it
            return [f"DROP INDEX IF EXISTS {self._pg_bigram_index(c)}" for c in self.columns] + [
                f"DO $$ BEGIN DROP FUNCTION IF EXISTS {BIGRAMS_FUNCTION}(text); "
                "EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END $$"
            ]
        raise ValueError(f"no bigram search on {dialect}")

    def _fill_grams(self) -> str:
        cols = ", ".join(self.columns)
        pairs = ", ".join(_pairs_sql(c, self.bigram_chars) for c in self.columns)
        return f"INSERT INTO {self.grams}(rowid, {cols}) SELECT rowid, {pairs} FROM {self.table}"

    def _pg_bigram_index(self, column: str) -> str:
        suffix = "_bigrams"
        return f"ix_{self.table}_{column}"[: 63 - len(suffix)] + suffix

    def create_bigrams(self, op: Any) -> None:
        """In a migration's upgrade(): the index of 2-character queries, filled from the rows present."""
        for stmt in self.bigram_ddl(op.get_bind().dialect.name):
            op.execute(stmt)

    def drop_bigrams(self, op: Any) -> None:
        """In a migration's downgrade()."""
        for stmt in self.bigram_drop_ddl(op.get_bind().dialect.name):
            op.execute(stmt)

    def rebuild(self, op: Any) -> None:
        """Refill the SQLite indexes from the table (after rowids were renumbered); nothing on PostgreSQL."""
        bind = op.get_bind()
        if bind.dialect.name != "sqlite":
            return
        op.execute(f"INSERT INTO {self.fts}({self.fts}) VALUES ('rebuild')")
        if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (self.grams,)).first():
            op.execute(f"INSERT INTO {self.grams}({self.grams}) VALUES ('delete-all')")  # contentless: no 'rebuild'
            op.execute(self._fill_grams())


_FTS5_TABLES = ("", "_data", "_idx", "_docsize", "_config", "_content")


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Alembic's `include_name`: the search indexes (the FTS5 tables on SQLite, the `_trgm` and
    `_bigrams` GIN indexes on PostgreSQL) belong to the migrations, not to the models; a comparison
    leaves them out."""
    if name is None:
        return True
    if type_ == "table":
        return not any(name.endswith(fts + suffix) for fts in ("_search", "_grams") for suffix in _FTS5_TABLES)
    if type_ == "index":
        return not name.endswith(("_trgm", "_bigrams"))
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
