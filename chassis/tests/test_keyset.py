"""Keyset pagination (`after=`): walking a list by its cursors gives every row once, in the order of
the offset pages, on SQLite and PostgreSQL (NULLs sort differently there), in either direction; the
count runs only when asked; a bad cursor or a cursor with an offset is a 422."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from qiaolian_chassis.http import Page, PageParams, install_error_handlers, page_params, paginate

SUFFIX = uuid.uuid4().hex[:8]


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = f"keyset_rows_{SUFFIX}"
    id: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    day: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    name: Mapped[str] = mapped_column(sa.String(20))


def _rows() -> list[dict[str, Any]]:
    out = []
    for i in range(137):
        day = None if i % 11 == 0 else date(2020, 1, 1) + timedelta(days=i % 17)  # ties and NULLs
        out.append({"id": f"r{i:04d}", "day": day, "name": f"n{i % 5}"})
    return out


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("QIAOLIAN_TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
async def sessions(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = (
        f"sqlite+aiosqlite:///{tmp_path}/k.db"
        if request.param == "sqlite"
        else os.environ["QIAOLIAN_TEST_DATABASE_URL"]
    )
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.execute(sa.insert(Row.__table__), _rows())
    try:
        yield async_sessionmaker(engine)
    finally:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)
        await engine.dispose()


ORDERS = {
    "day desc": lambda: sa.select(Row).order_by(Row.day.desc()),
    "day asc, name desc": lambda: sa.select(Row).order_by(Row.day, Row.name.desc()),
    "name, id": lambda: sa.select(Row).where(Row.name != "n3").order_by(Row.name, Row.id),
}


@pytest.mark.parametrize("order", list(ORDERS))
async def test_walking_by_cursor_gives_the_offset_pages_rows_once(
    sessions: async_sessionmaker[AsyncSession], order: str
) -> None:
    stmt = ORDERS[order]
    async with sessions() as s:
        everything = await paginate(s, stmt(), PageParams(limit=500, offset=0), lambda r: r.id)
        assert everything.total == len(everything.items)
        walked: list[str] = []
        cursor: str | None = None
        pages = 0
        while True:
            page = await paginate(s, stmt(), PageParams(limit=10, offset=0, after=cursor, count=False), lambda r: r.id)
            assert page.total is None  # not counted: not asked
            walked += page.items
            pages += 1
            if page.next is None:
                break
            cursor = page.next
        assert walked == everything.items
        assert pages == len(walked) // 10 + 1
        by_offset = await paginate(s, stmt(), PageParams(limit=10, offset=40), lambda r: r.id)
        assert by_offset.items == everything.items[40:50]
        assert by_offset.total == len(everything.items)


async def test_a_bad_cursor_and_a_cursor_with_an_offset_are_422(sessions: async_sessionmaker[AsyncSession]) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/rows")
    async def rows(page: PageParams = Depends(page_params)) -> Page[str]:
        async with sessions() as s:
            return await paginate(s, sa.select(Row).order_by(Row.day.desc()), page, lambda r: r.id)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        first = (await c.get("/rows", params={"limit": 5})).json()
        assert first["total"] == 137 and len(first["items"]) == 5 and first["next"]
        second = (await c.get("/rows", params={"limit": 5, "after": first["next"]})).json()
        assert second["total"] is None and not set(second["items"]) & set(first["items"])
        counted = (await c.get("/rows", params={"limit": 5, "after": first["next"], "count": "true"})).json()
        assert counted["total"] == 137 and counted["items"] == second["items"]
        for params in ({"after": "garbage!"}, {"after": "WzFd"}, {"after": first["next"], "offset": 5}):
            r = await c.get("/rows", params=params)
            assert r.status_code == 422, params
            assert r.json()["errors"][0]["field"] in ("query.after", "query.offset")


async def test_a_forged_cursor_of_the_wrong_types_is_422(sessions: async_sessionmaker[AsyncSession]) -> None:
    import base64
    import json

    app = FastAPI()
    install_error_handlers(app)

    @app.get("/rows")
    async def rows(page: PageParams = Depends(page_params)) -> Page[str]:
        async with sessions() as s:
            return await paginate(s, sa.select(Row).order_by(Row.day.desc()), page, lambda r: r.id)

    forged = base64.urlsafe_b64encode(json.dumps(["not a day", 5]).encode()).decode()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/rows", params={"after": forged})).status_code == 422
