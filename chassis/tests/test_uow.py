"""A write that runs into a unique key is a Conflict (409) for every command; other integrity errors are not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_chassis.uow import UnitOfWorkFactory

metadata = new_metadata()
tables = ChassisTables.on(metadata)
files = sa.Table(
    "files",
    metadata,
    sa.Column("id", sa.String(10), primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("source", sa.String(10), nullable=False),
    sa.UniqueConstraint("kind", "source"),
)
loans = sa.Table(
    "loans",
    metadata,
    sa.Column("id", sa.String(10), primary_key=True),
    sa.Column("file_id", sa.ForeignKey("files.id"), nullable=False),
)


async def test_a_unique_key_hit_is_a_conflict_naming_the_key_but_not_the_values(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/t.db", metadata, tmp_path)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    uow = UnitOfWorkFactory(
        db, "office", tables, on_commit=lambda: None, clock=lambda: datetime(2026, 3, 1, tzinfo=UTC)
    )
    async with uow() as u:
        await u.session.execute(sa.insert(files).values(id="f1", kind="case", source="c-1"))
    with pytest.raises(Conflict) as e:
        async with uow() as u:
            await u.session.execute(sa.insert(files).values(id="f2", kind="case", source="c-1"))
    assert e.value.status == 409 and e.value.extra == {"table": "files", "key": ["kind", "source"]}
    assert "c-1" not in e.value.detail
    with pytest.raises(Conflict) as e:  # the primary key too
        async with uow() as u:
            await u.session.execute(sa.insert(files).values(id="f1", kind="case", source="c-2"))
    assert e.value.extra == {"table": "files", "key": ["id"]}
    with pytest.raises(sa.exc.IntegrityError) as crash:  # a broken reference is a bug, not a race: not a 409
        async with uow() as u:
            await u.session.execute(sa.insert(loans).values(id="l1", file_id="nope"))
    assert "nope" not in str(crash.value) and "hidden" in str(crash.value)  # the error is logged: no values
    async with db.engine.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(files))).scalar() == 1
    await db.dispose()
