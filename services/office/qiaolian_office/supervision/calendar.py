"""The operator's item on the board: from 1 November while next year's holiday calendar is missing
(or this year's), an item of kind `calendar_year` for the office (its IT duty, 信息化, keeps the
calendar), due on the last day before that year; it closes once the year is added
(`qiaolian calendar add`). Run by office's scheduler as a sweep; it publishes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from qiaolian_chassis.deadlines import calendar_missing
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.calendar import default_calendar
from qiaolian_contracts.events.common import Office

from .commands import BoardItem, close_item, open_item
from .rules import ItemState
from .tables import SupervisionItem

PREFIX = "holidays-"


async def calendar_year_due(uow: UnitOfWork, on: date) -> int:
    calendar = default_calendar()
    open_years = (
        await uow.session.scalars(
            sa.select(SupervisionItem.source_id).where(
                SupervisionItem.kind == BoardItemKind.calendar_year.value,
                SupervisionItem.state == ItemState.open.value,
            )
        )
    ).all()
    for source_id in open_years:
        if calendar.covers(int(source_id.removeprefix(PREFIX))):
            await close_item(uow, BoardItemKind.calendar_year, source_id)
    year = calendar_missing(on, calendar)
    if year is not None:
        await open_item(
            uow,
            BoardItem.of(
                BoardItemKind.calendar_year,
                Office.office,
                f"{PREFIX}{year}",
                max(on, date(year, 1, 1) - timedelta(days=1)),
            ),
        )
    return 0
