"""The board's titles are Chinese for every kind of item, name the record by id (never a person), and
the migration rewrites the English titles of the items already on the board."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from qiaolian_chassis.db import Database
from qiaolian_chassis.testing import database_url
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_office.app import definition
from qiaolian_office.supervision.commands import BoardItem
from qiaolian_office.supervision.titles import TITLES

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def test_every_kind_of_item_has_a_chinese_title() -> None:
    assert set(TITLES) == set(BoardItemKind), "add the new kind's template to supervision/titles.py"
    for kind, template in TITLES.items():
        title = template.format(subject="0193a1b2")
        assert not LATIN_WORD.search(title), kind
        assert kind is BoardItemKind.task or re.search(r"[\u4e00-\u9fff]", title), kind


def test_a_title_names_the_record_by_id_or_by_the_part_of_its_source_that_names_it() -> None:
    on = date(2027, 3, 1)
    assert BoardItem.of(BoardItemKind.petition_handling, Office.rights, "p-1", on).title == "信访件 p-1：出具处理意见"
    election = BoardItem.of(BoardItemKind.federation_election, Office.personnel, "fed-9:2027-03-01", on)
    assert election.title == "侨联组织 fed-9：任期届满，待换届"
    calendar = BoardItem.of(BoardItemKind.calendar_year, Office.office, "holidays-2028", on)
    assert calendar.title == "2028年节假日安排：请添加国务院公布的安排"
    task = BoardItem.of(BoardItemKind.task, Office.office, "t-1", on, subject="整理年度工作总结")
    assert task.title == "整理年度工作总结"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_the_migration_rewrites_the_titles_on_the_board(kind: str, tmp_path: Path) -> None:
    async with database_url(kind, tmp_path) as url:
        await _migrate_and_check(url)


async def _migrate_and_check(url: str) -> None:
    d = definition()
    db = Database(url, d.metadata, d.migrations)
    await db.migrate("0022_office17a_assets")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    before = [
        ("petition_rereview", "p-1", "Petition p-1: rereview (overdue)"),
        ("affiliate_report", "r-1", "Report r-1 of youth_committee (annual, 2026) due 2026-12-31"),
        ("party_branch_election", "b-1:2027-01-31", "Party branch b-1: committee election due, term ends 2027-01-31"),
        ("calendar_year", "holidays-2027", "Holiday calendar 2027: add the State Council's schedule"),
        ("task", "t-1", "整理年度工作总结"),
        ("major_event_task", "m-1", "重要活動任務：布置會場"),
        ("asset_inventory", "i-1", "資產清查 2026"),
        ("reception", "c-1", "公務接待：待安排"),
    ]
    async with db.engine.begin() as conn:
        for i, (kind, source, title) in enumerate(before):
            await conn.execute(
                sa.text(
                    "INSERT INTO supervision_items (id, kind, office, source_id, title, due_on, provisional, state,"
                    " opened_at) VALUES (:id, :kind, 'office', :source, :title, :due, false, 'open', :now)"
                ),
                {
                    "id": f"item-{i}",
                    "kind": kind,
                    "source": source,
                    "title": title,
                    "due": date(2026, 12, 31),
                    "now": now,
                },
            )
    await db.migrate()
    async with db.engine.connect() as conn:
        titles = (await conn.execute(sa.text("SELECT title FROM supervision_items ORDER BY id"))).scalars().all()
    await db.dispose()
    assert titles == [
        "信访件 p-1：作出复核决定",
        "直属社团报告 r-1：待报送",
        "党支部 b-1：委员会任期届满，待换届",
        "2027年节假日安排：请添加国务院公布的安排",
        "整理年度工作总结",
        "重要活动任务：布置會場",
        "2026年度固定资产清查",
        "公务接待 c-1：待安排",
    ]
