"""The search with an index, on SQLite and PostgreSQL: the indexes follow inserts, updates and deletes
of the table (a renamed person is found by the new name only); a query of 3 characters or more reads
the trigram index, one of 2 characters (a Chinese given name) the bigram index and finds exactly what
LIKE finds (a pair at the start or the end of a value, a value of just those 2 characters, Latin in
either case, LIKE's wildcards as typed); 1 character reads the table with an escaped LIKE; only the
columns asked for are searched."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from qiaolian_chassis.search import TrigramSearch, include_name
from qiaolian_chassis.testing import fresh_postgres

metadata = sa.MetaData()
people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.String(10), primary_key=True),
    sa.Column("name", sa.String(100)),
    sa.Column("alias", sa.String(100)),
)
teams = sa.Table("teams", metadata, sa.Column("id", sa.String(10), primary_key=True), sa.Column("name", sa.String(60)))
SEARCH = TrigramSearch("people", ("name", "alias"))
TEAMS = TrigramSearch("teams", ("name",), bigram_chars=40)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


class _Op:
    """What `TrigramSearch.create` needs of alembic's `op`."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def get_bind(self) -> sa.Connection:
        return self.conn

    def execute(self, sql: str) -> None:
        self.conn.exec_driver_sql(sql)


@pytest.fixture(params=BACKENDS)
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        e = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/s.db")
        yield e
        await e.dispose()
        return
    if not os.environ.get("QIAOLIAN_TEST_DATABASE_URL"):
        pytest.skip("no PostgreSQL: set QIAOLIAN_TEST_DATABASE_URL")
    async with fresh_postgres() as url:
        e = create_async_engine(url)
        yield e
        await e.dispose()


def _ids(conn: sa.Connection) -> Callable[..., list[str]]:
    def ids(q: str, columns: Any = None) -> list[str]:
        stmt = sa.select(people.c.id).where(SEARCH.matches(people, q, columns)).order_by(people.c.id)
        return list(conn.scalars(stmt))

    return ids


def _like(conn: sa.Connection, q: str) -> list[str]:
    """What the escaped LIKE over the rows finds (the search before the bigram index)."""
    where = sa.or_(people.c.name.icontains(q, autoescape=True), people.c.alias.icontains(q, autoescape=True))
    return list(conn.scalars(sa.select(people.c.id).where(where).order_by(people.c.id)))


def _plan(conn: sa.Connection, q: str) -> str:
    stmt = sa.select(people.c.id).where(SEARCH.matches(people, q))
    sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
    if conn.dialect.name == "sqlite":
        return " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    conn.exec_driver_sql("SET enable_seqscan = off")  # a table of a few rows: the planner would read it whole
    plan = " ".join(str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
    conn.exec_driver_sql("RESET enable_seqscan")
    return plan


def _create(conn: sa.Connection) -> None:
    metadata.create_all(conn)
    conn.execute(sa.insert(people), [{"id": "a", "name": "歐陽明華", "alias": None}])


async def test_the_index_follows_the_table_and_is_read_for_three_characters(engine: AsyncEngine) -> None:
    def run(conn: sa.Connection) -> None:
        _create(conn)
        SEARCH.create(_Op(conn))  # fills the index from the rows already there
        conn.execute(sa.insert(people), [{"id": "b", "name": "陳志明", "alias": "Chen Zhiming"}])
        ids = _ids(conn)
        assert ids("歐陽明") == ["a"] and ids("陳志明") == ["b"] and ids("zhiMING") == ["b"]
        assert ids("明") == ["a", "b"]  # 1 character: LIKE
        assert ids("zhiming", ["name"]) == []  # the alias is not searched when not asked for
        conn.execute(sa.update(people).where(people.c.id == "b").values(name="陳建國"))
        assert ids("陳志明") == [] and ids("陳建國") == ["b"]
        conn.execute(sa.delete(people).where(people.c.id == "a"))
        assert ids("歐陽明") == [] and ids("明") == []
        if conn.dialect.name == "sqlite":
            assert "VIRTUAL TABLE INDEX" in _plan(conn, "陳建國")
            assert "VIRTUAL TABLE" not in _plan(conn, "陳")
        else:
            assert "ix_people_name_trgm" in _plan(conn, "陳建國")
        # the trigram index alone, as the migrations before the bigrams created it
        assert not [n for n in _names(conn) if "grams" in n]
        SEARCH.drop(_Op(conn))
        assert _names(conn) == set()
        conn.execute(sa.insert(people), [{"id": "c", "name": "王芳", "alias": None}])  # no trigger left behind

    async with engine.begin() as conn:
        await conn.run_sync(run)


def _names(conn: sa.Connection) -> set[str]:
    """The search's tables, triggers, indexes and functions in the database."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE name LIKE 'people_search%' OR name LIKE 'people_grams%'"
    else:
        sql = (
            "SELECT indexname FROM pg_indexes WHERE tablename = 'people' AND indexname <> 'people_pkey' "
            "UNION ALL SELECT proname FROM pg_proc WHERE proname = 'qiaolian_bigrams'"
        )
    return set(conn.scalars(sa.text(sql)))


ROWS = [
    {"id": "b", "name": "陳志明", "alias": "Chen Zhiming"},  # 陳志 at the start, 志明 at the end
    {"id": "c", "name": "王芳", "alias": "Wang Fang"},  # a value of just 2 characters
    {"id": "d", "name": "林志玲", "alias": "Lim Chi-ling"},
    {"id": "e", "name": "陳明", "alias": "Tan Ming"},
    {"id": "f", "name": "王_芳", "alias": "100% Wang"},
    {"id": "g", "name": None, "alias": "ta"},
    {"id": "h", "name": "明志", "alias": None},
]
PAIRS = [
    "志明", "陳志", "王芳", "明華", "歐陽", "陳明", "明志", "芳", "華歐", "李四",
    "ta", "Ta", "TA", "tA", "an", "ng", "ZH", "Zh", "ch", "Li", "g ", " F", "i-", "-l",
    "%_", "a%", "0%", "_芳", "王_", "%", "_", "__", "%%", "\\", "\\%", '""', '"', "*", "志*", "a:", "OR",
]  # fmt: skip


async def test_two_characters_read_the_bigram_index_and_find_what_like_finds(engine: AsyncEngine) -> None:
    def run(conn: sa.Connection) -> None:
        _create(conn)
        conn.execute(sa.insert(people), ROWS[:3])
        SEARCH.create(_Op(conn))
        SEARCH.create_bigrams(_Op(conn))  # fills the index from the rows already there
        conn.execute(sa.insert(people), ROWS[3:])
        ids = _ids(conn)

        def same_as_like() -> None:
            for q in PAIRS:
                assert ids(q) == _like(conn, q), q

        same_as_like()
        assert ids("志明") == ["b"] and ids("明志") == ["h"] and ids("陳志") == ["b"] and ids("王芳") == ["c"]
        assert ids("ta") == ids("TA") == ["e", "g"]  # Tan, ta
        assert ids("%_") == [] and ids("a%") == [] and ids("0%") == ["f"] and ids("_芳") == ["f"]
        assert ids("陳志", ["alias"]) == [] and ids("zh", ["name"]) == []  # only the columns asked for

        conn.execute(sa.update(people).where(people.c.id == "b").values(name="陳建國"))
        conn.execute(sa.update(people).where(people.c.id == "e").values(alias="Chan Ming"))
        conn.execute(sa.update(people).where(people.c.id == "g").values(name="趙志明"))
        assert ids("陳志") == [] and ids("建國") == ["b"] and ids("志明") == ["g"]
        assert ids("ta") == ["g"] and ids("ha") == ["e"]
        conn.execute(sa.delete(people).where(people.c.id.in_(["c", "h"])))
        assert ids("王芳") == [] and ids("明志") == [] and ids("志明") == ["g"]
        same_as_like()

        if conn.dialect.name == "sqlite":
            assert "people_grams VIRTUAL TABLE INDEX" in _plan(conn, "志明")
            assert "people_grams" in _plan(conn, "Ta")
            for q in ("%_", "a%", "g ", "明"):  # not a pair of token characters: LIKE over the rows
                assert "VIRTUAL TABLE" not in _plan(conn, q), q
            SEARCH.rebuild(_Op(conn))  # refilled from the table: the same finds
            same_as_like()
        else:
            for q in ("志明", "Ta", "%_", "g "):
                assert "ix_people_name_bigrams" in _plan(conn, q) and "ix_people_alias_bigrams" in _plan(conn, q)

        SEARCH.drop_bigrams(_Op(conn))  # the trigram index stays
        assert _names(conn) and not [n for n in _names(conn) if "grams" in n]
        conn.execute(sa.insert(people), [{"id": "x", "name": "王芳", "alias": None}])  # no trigger left behind
        conn.execute(sa.delete(people).where(people.c.id == "x"))
        assert ids("陳建國") == ["b"]  # through the trigram index

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def test_the_bigrams_reach_as_far_as_declared(engine: AsyncEngine) -> None:
    """SQLite indexes the pairs within a value's first `bigram_chars` characters (PostgreSQL all)."""
    long = "的" * 37 + "志明" + "的" * 9 + "國家"  # 志明 the 38th and 39th of 50 characters

    def run(conn: sa.Connection) -> None:
        metadata.create_all(conn)
        conn.execute(sa.insert(teams), [{"id": "t", "name": long}, {"id": "u", "name": long[:39]}])
        TEAMS.create_bigrams(_Op(conn))
        # a short value has a shorter expression of its pairs (up to 8, 32 characters): the last pair
        # of a value at and just past each length is found
        ends = [{"id": f"v{n}", "name": "的" * (n - 2) + "志明"} for n in (2, 3, 8, 9, 32, 33)]
        conn.execute(sa.insert(teams), ends)

        def ids(q: str) -> list[str]:
            return list(conn.scalars(sa.select(teams.c.id).where(TEAMS.matches(teams, q)).order_by(teams.c.id)))

        assert ids("志明") == ["t", "u", "v2", "v3", "v32", "v33", "v8", "v9"]
        assert ids("的志") == ["t", "u", "v3", "v32", "v33", "v8", "v9"] and ids("明的") == ["t"]
        conn.execute(sa.delete(teams).where(teams.c.id.in_([e["id"] for e in ends])))
        assert ids("國家") == ([] if conn.dialect.name == "sqlite" else ["t"])  # beyond the 40th
        if conn.dialect.name == "postgresql":  # another table's bigrams keep the function
            SEARCH.create_bigrams(_Op(conn))
            SEARCH.drop_bigrams(_Op(conn))
            assert ids("志明") == ["t", "u"]
        TEAMS.drop_bigrams(_Op(conn))
        if conn.dialect.name == "postgresql":
            assert not conn.exec_driver_sql("SELECT 1 FROM pg_proc WHERE proname = 'qiaolian_bigrams'").first()

    async with engine.begin() as conn:
        await conn.run_sync(run)


def test_pg_ddl_and_predicate() -> None:
    from sqlalchemy.dialects import postgresql

    assert SEARCH.ddl("postgresql") == [  # what the migrations before the bigrams created
        "CREATE INDEX ix_people_name_trgm ON people USING gin (name gin_trgm_ops)",
        "CREATE INDEX ix_people_alias_trgm ON people USING gin (alias gin_trgm_ops)",
    ]
    assert SEARCH.bigram_ddl("postgresql")[1:] == [
        "CREATE INDEX ix_people_name_bigrams ON people USING gin (qiaolian_bigrams(name))",
        "CREATE INDEX ix_people_alias_bigrams ON people USING gin (qiaolian_bigrams(alias))",
    ]
    sql = str(sa.select(people.c.id).where(SEARCH.matches(people, "5%_x")).compile(dialect=postgresql.dialect()))
    assert "people.name ILIKE" in sql and "people.alias ILIKE" in sql and "MATCH" not in sql
    sql = str(sa.select(people.c.id).where(SEARCH.matches(people, "5%")).compile(dialect=postgresql.dialect()))
    assert "qiaolian_bigrams(people.name) @> ARRAY[lower(" in sql and "LIKE" not in sql


def test_the_comparison_with_the_models_leaves_the_search_indexes_out() -> None:
    for name in ("people_grams", "people_grams_data", "people_grams_idx", "people_grams_config", "people_search"):
        assert not include_name(name, "table", {})
    assert include_name("people", "table", {}) and include_name("programs", "table", {})
    assert not include_name("ix_people_name_bigrams", "index", {}) and include_name("ix_people_name", "index", {})
