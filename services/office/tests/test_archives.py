"""An archive loan is on the supervision board while the file is out, falls overdue once through the
deadline scheduler, and its return takes it off the board; loans lent before the board knew them
are put on it by the migration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from qiaolian_chassis.db import Database
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.common import Office
from qiaolian_office.app import definition
from qiaolian_office.archives import commands as archives
from qiaolian_office.archives.commands import FileArchive, LendArchive, ReturnArchive
from qiaolian_office.archives.rules import SourceKind
from qiaolian_office.archives.tables import ArchiveLoan
from qiaolian_office.database import LOAN_DUE, deadlines
from qiaolian_office.documents.rules import readable
from qiaolian_office.supervision.tables import SupervisionItem

D = date.fromisoformat
OPEN = readable(None)  # what a person without clearance reads: public and internal


async def lent(office, source_id: str, due_on: str) -> ArchiveLoan:
    office.on(D("2026-03-01"))
    async with office.uow() as u:
        a = await archives.file(
            u,
            FileArchive(
                source_kind=SourceKind.case,
                source_id=source_id,
                title="歸僑房產案",
                office=Office.rights,
                retention_years=10,
                cleared=frozenset(),
            ),
        )
    async with office.uow() as u:
        return await archives.lend(
            u, LendArchive(a.id, borrower="王科長", office=Office.personnel, due_on=D(due_on), cleared=OPEN)
        )


async def test_an_unreturned_loan_falls_overdue_once_and_leaves_the_board_when_it_is_back(office) -> None:
    late = await lent(office, "case-1", "2026-03-10")
    prompt = await lent(office, "case-2", "2026-03-10")
    assert sorted(await office.board()) == sorted(
        [("archive_loan", late.id, "open"), ("archive_loan", prompt.id, "open")]
    )
    office.on(D("2026-03-10"))
    async with office.uow() as u:
        await archives.give_back(u, ReturnArchive(prompt.archive_id, OPEN))
    for day in ("2026-03-10", "2026-03-11", "2026-03-12"):
        async with office.uow() as u:
            await deadlines.run_once(u, D(day))
    assert await office.facts("archive_loan.overdue.v1") == [{"loan_id": late.id, "due_on": "2026-03-10"}]
    assert ("archive_loan", prompt.id, "closed") in await office.board()
    async with office.db.engine.connect() as conn:
        item = (await conn.execute(sa.select(SupervisionItem).where(SupervisionItem.source_id == late.id))).one()
    assert (item.office, item.due_on, item.state) == ("personnel", D("2026-03-10"), "open")
    # the board is shown to all staff: like a routed document, the loan is named by id, not by the title
    # of the file (which may be a classified document's or name a petitioner)
    assert item.title == f"档案借阅 {late.id}：按期归还"
    office.on(D("2026-03-13"))
    async with office.uow() as u:
        await archives.give_back(u, ReturnArchive(late.archive_id, OPEN))
        await deadlines.run_once(u, D("2026-03-14"))
    assert ("archive_loan", late.id, "closed") in await office.board()
    assert len(await office.facts("archive_loan.overdue.v1")) == 1


async def test_the_migration_puts_loans_already_out_on_the_board(tmp_path: Path) -> None:
    d = definition()
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/office.db", d.metadata, d.migrations)
    await db.migrate("0006")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    async with db.engine.begin() as conn:
        for aid, returned in (("a-out", None), ("a-back", D("2026-03-05"))):
            await conn.execute(
                sa.text(
                    "INSERT INTO archives (id, source_kind, source_id, title, office, retention_years, filed_on, "
                    "retain_until, state, created_at) VALUES (:id, 'case', :id, '舊案', 'rights', 10, '2026-01-01', "
                    "'2036-01-01', 'lent', :now)"
                ),
                {"id": aid, "now": now},
            )
            await conn.execute(
                sa.text(
                    "INSERT INTO archive_loans (id, archive_id, borrower, office, lent_on, due_on, returned_on, "
                    "created_at) VALUES (:id, :aid, '李', 'liaison', '2026-02-01', '2026-02-15', :ret, :now)"
                ),
                {"id": f"loan-{aid}", "aid": aid, "ret": returned, "now": now},
            )
    await db.migrate()
    uow = UnitOfWorkFactory(db, "office", d.tables, on_commit=lambda: None, clock=lambda: now)
    async with uow() as u:
        assert await deadlines.run_once(u, D("2026-03-01")) == 1
        row = await deadlines.get(u.session, LOAN_DUE, "loan-a-out")
        items = (
            await u.session.scalars(sa.select(SupervisionItem).where(SupervisionItem.kind == "archive_loan"))
        ).all()
    assert (row.due_on, row.overdue_for) == (D("2026-02-15"), D("2026-02-15"))
    assert [(i.source_id, i.office, i.due_on, i.state, i.title) for i in items] == [
        ("loan-a-out", "liaison", D("2026-02-15"), "open", "档案借阅 loan-a-out：按期归还")
    ]
    await db.dispose()
