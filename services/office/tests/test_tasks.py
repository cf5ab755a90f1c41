"""A supervised task is on the board while open, falls overdue once through the deadline scheduler,
and closing it takes it off the board and silences the scheduler."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import Invalid, InvalidTransition
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.common import Office
from qiaolian_office import tasks
from qiaolian_office.app import definition
from qiaolian_office.persistence import SupervisionItem, deadlines


async def setup(tmp_path: Path) -> tuple[Database, UnitOfWorkFactory]:
    d = definition()
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/office.db", d.metadata, d.migrations)
    await db.migrate()
    return db, UnitOfWorkFactory(db, "office", d.tables, on_commit=lambda: None,
                                 clock=lambda: datetime(2026, 3, 1, tzinfo=timezone.utc))


async def facts(db: Database, suffix: str) -> list[dict]:
    outbox = definition().tables.outbox
    async with db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
    return [json.loads(r.payload)["data"] for r in rows if r.event_type.endswith(suffix)]


async def board(db: Database) -> list[tuple[str, str, str]]:
    async with db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(SupervisionItem.kind, SupervisionItem.source_id,
                                             SupervisionItem.state))).all()
    return [tuple(r) for r in rows]


async def test_a_task_falls_overdue_once_and_a_closed_one_never(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    on = date(2026, 3, 1)
    async with uow() as u:
        a = await tasks.assign(u, title="落實僑資企業座談會議定事項", office=Office.rights, due_on=date(2026, 3, 10),
                               assigned_by="主席", on=on)
        b = await tasks.assign(u, title="報送年度工作總結", office=Office.liaison, due_on=date(2026, 3, 10),
                               assigned_by="主席", on=on)
    assert sorted(await board(db)) == sorted([("task", a.id, "open"), ("task", b.id, "open")])
    async with uow() as u:
        await tasks.report_progress(u, a.id, percent_done=40, note="已召開協調會", on=on)
        await tasks.close(u, b.id, date(2026, 3, 9))
    for day in (date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)):
        async with uow() as u:
            await deadlines.run_once(u, day)
    assert await facts(db, "task.overdue.v1") == [{"task_id": a.id, "due_on": "2026-03-10"}]
    assert await facts(db, "task.closed.v1") == [
        {"task_id": b.id, "office": "liaison", "closed_on": "2026-03-09", "on_time": True}]
    assert ("task", b.id, "closed") in await board(db)
    # no free text in the facts: the title and the progress note stay in office
    for f in await facts(db, "task.assigned.v1") + await facts(db, "task.progress_reported.v1"):
        assert "title" not in f and "note" not in f
    await db.dispose()


async def test_commands_follow_the_state_machine_and_the_rules(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    on = date(2026, 3, 1)
    with pytest.raises(Invalid):
        async with uow() as u:
            await tasks.assign(u, title="t", office=Office.office, due_on=date(2026, 2, 1), assigned_by="x", on=on)
    async with uow() as u:
        t = await tasks.assign(u, title="t", office=Office.office, due_on=date(2026, 4, 1), assigned_by="x", on=on)
        await tasks.report_progress(u, t.id, percent_done=50, note="half", on=on)
    with pytest.raises(Invalid):
        async with uow() as u:
            await tasks.report_progress(u, t.id, percent_done=10, note="back", on=on)
    async with uow() as u:
        await tasks.close(u, t.id, on)
    with pytest.raises(InvalidTransition) as e:
        async with uow() as u:
            await tasks.report_progress(u, t.id, percent_done=100, note="late", on=on)
    assert e.value.extra == {"current_state": "closed", "allowed_commands": []}
    await db.dispose()


async def test_a_number_taken_in_a_failed_transaction_is_given_again(tmp_path: Path) -> None:
    from qiaolian_office import documents

    db, uow = await setup(tmp_path)
    with pytest.raises(RuntimeError):
        async with uow() as u:
            assert await documents.next_sequence(u, "湘僑發", 2026) == 1
            raise RuntimeError("the sign-off failed after numbering")
    async with uow() as u:
        assert await documents.next_sequence(u, "湘僑發", 2026) == 1
        assert await documents.next_sequence(u, "湘僑發", 2026) == 2
        assert await documents.next_sequence(u, "湘僑發", 2027) == 1
    assert documents.format_number("湘僑發", 2026, 12) == "湘僑發〔2026〕12號"
    await db.dispose()
