"""The trigram search on SQLite: the FTS5 index follows inserts, updates and deletes of the table (a
renamed person is found by the new name only), a query of 3 characters or more reads the index, a
shorter one reads the table with an escaped LIKE, and only the columns asked for are searched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.search import TrigramSearch

metadata = sa.MetaData()
people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.String(10), primary_key=True),
    sa.Column("name", sa.String(100)),
    sa.Column("alias", sa.String(100)),
)
SEARCH = TrigramSearch("people", ("name", "alias"))


class _Op:
    """What `TrigramSearch.create` needs of alembic's `op`."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def get_bind(self) -> sa.Connection:
        return self.conn

    def execute(self, sql: str) -> None:
        self.conn.exec_driver_sql(sql)


def test_the_index_follows_the_table_and_is_read_for_three_characters(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path}/s.db")
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(sa.insert(people), [{"id": "a", "name": "歐陽明華", "alias": None}])
        SEARCH.create(_Op(conn))  # fills the index from the rows already there
        conn.execute(sa.insert(people), [{"id": "b", "name": "陳志明", "alias": "Chen Zhiming"}])

        def ids(q: str, columns: Any = None) -> list[str]:
            stmt = sa.select(people.c.id).where(SEARCH.matches(people, q, columns)).order_by(people.c.id)
            return list(conn.scalars(stmt))

        assert ids("歐陽明") == ["a"] and ids("陳志明") == ["b"] and ids("zhiMING") == ["b"]
        assert ids("明") == ["a", "b"]  # 1 character: LIKE
        assert ids("zhiming", ["name"]) == []  # the alias is not searched when not asked for
        conn.execute(sa.update(people).where(people.c.id == "b").values(name="陳建國"))
        assert ids("陳志明") == [] and ids("陳建國") == ["b"]
        conn.execute(sa.delete(people).where(people.c.id == "a"))
        assert ids("歐陽明") == [] and ids("明") == []

        def plan(q: str) -> str:
            stmt = sa.select(people.c.id).where(SEARCH.matches(people, q))
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            return " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))

        assert "VIRTUAL TABLE INDEX" in plan("陳建國")
        assert "VIRTUAL TABLE" not in plan("陳建")

        SEARCH.drop(_Op(conn))
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name LIKE 'people_search%'").scalar() == 0
        conn.execute(sa.insert(people), [{"id": "c", "name": "王芳", "alias": None}])  # no trigger left behind


def test_pg_ddl_and_predicate() -> None:
    from sqlalchemy.dialects import postgresql

    assert SEARCH.ddl("postgresql") == [
        "CREATE INDEX ix_people_name_trgm ON people USING gin (name gin_trgm_ops)",
        "CREATE INDEX ix_people_alias_trgm ON people USING gin (alias gin_trgm_ops)",
    ]
    sql = str(sa.select(people.c.id).where(SEARCH.matches(people, "5%_x")).compile(dialect=postgresql.dialect()))
    assert "people.name ILIKE" in sql and "people.alias ILIKE" in sql and "MATCH" not in sql
