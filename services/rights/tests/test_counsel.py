"""A counsel's term ends once, through the deadline scheduler, the day after its last day; a renewal
moves the end and an early end publishes at once and silences the scheduler."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from qiaolian_chassis.db import Database
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.rights import CounselRole
from qiaolian_rights import counsel
from qiaolian_rights.app import definition
from qiaolian_rights.persistence import deadlines


async def setup(tmp_path: Path) -> tuple[Database, UnitOfWorkFactory]:
    d = definition()
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/rights.db", d.metadata, d.migrations)
    await db.migrate()
    return db, UnitOfWorkFactory(db, "rights", d.tables, on_commit=lambda: None,
                                 clock=lambda: datetime(2026, 3, 1, tzinfo=timezone.utc))


async def ended(db: Database) -> list[tuple[str, str, bool]]:
    outbox = definition().tables.outbox
    async with db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
    return [(json.loads(r.payload)["data"]["counsel_id"], json.loads(r.payload)["data"]["ended_on"],
             json.loads(r.payload)["data"]["early"]) for r in rows if r.event_type.endswith("term_ended.v1")]


async def test_terms_end_once_at_their_date_or_early(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    async with uow() as u:
        a = await counsel.appoint(u, name="周", role=CounselRole.mediator, organisation=None,
                                  term_from=date(2025, 1, 1), term_to=date(2026, 3, 31))
        b = await counsel.appoint(u, name="吳", role=CounselRole.legal_adviser, organisation=None,
                                  term_from=date(2025, 1, 1), term_to=date(2026, 3, 31))
        c = await counsel.appoint(u, name="鄭", role=CounselRole.public_service_lawyer, organisation=None,
                                  term_from=date(2025, 1, 1), term_to=date(2026, 3, 31))
    async with uow() as u:
        await counsel.renew(u, b.id, date(2026, 12, 31), date(2026, 3, 1))
        await counsel.end_early(u, c.id, date(2026, 3, 1), date(2026, 3, 1))
    for day in (date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 2)):
        async with uow() as u:
            await deadlines.run_once(u, day)
    assert await ended(db) == [(c.id, "2026-03-01", True), (a.id, "2026-03-31", False)]
    async with uow() as u:
        await deadlines.run_once(u, date(2027, 1, 1))
    assert (b.id, "2026-12-31", False) in await ended(db)
    await db.dispose()
