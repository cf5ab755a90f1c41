"""Putting items on the board, moving them and taking them off: what every concept that watches a
deadline calls in its own unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import sqlalchemy as sa

from qiaolian_chassis.db import insert_ignore
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.ids import new_id

from .rules import ItemState
from .tables import SupervisionItem
from .titles import board_title, subject_of

BOARD = cast(sa.Table, SupervisionItem.__table__)  # the board as a Core table, for set-based inserts


@dataclass(frozen=True)
class BoardItem:
    kind: BoardItemKind
    office: Office  # the office that must act
    source_id: str
    title: str  # the board is shown to all staff: no classified title, no personal data
    due_on: date
    provisional: bool = False  # counted into a year without holiday data: the date may still move

    @classmethod
    def of(
        cls,
        kind: BoardItemKind,
        office: Office,
        source_id: str,
        due_on: date,
        *,
        subject: str | None = None,
        provisional: bool = False,
    ) -> BoardItem:
        """The item with its kind's Chinese title (`titles.TITLES`), naming `subject` (the record's id by
        default; a name where the record has one that is not personal)."""
        title = board_title(kind, subject if subject is not None else subject_of(kind, source_id))
        return cls(kind, office, source_id, title, due_on, provisional)


def _row(uow: UnitOfWork, item: BoardItem) -> dict[str, Any]:
    return dict(
        id=new_id(),
        kind=item.kind.value,
        office=item.office.value,
        source_id=item.source_id,
        title=item.title,
        due_on=item.due_on,
        provisional=item.provisional,
        state=ItemState.open.value,
        opened_at=uow.now,
    )


async def open_items(uow: UnitOfWork, items: Iterable[BoardItem]) -> None:
    """Put items on the board unless their (kind, source) is there already: one statement, no read first."""
    rows = [_row(uow, i) for i in items]
    if rows:
        await uow.session.execute(insert_ignore(uow.session, BOARD, ["kind", "source_id"]), rows)


async def open_item(uow: UnitOfWork, item: BoardItem) -> None:
    await open_items(uow, [item])


async def close_item(uow: UnitOfWork, kind: BoardItemKind, source_id: str) -> None:
    await uow.session.execute(
        sa.update(SupervisionItem)
        .where(
            SupervisionItem.kind == kind.value,
            SupervisionItem.source_id == source_id,
            SupervisionItem.state == ItemState.open.value,
        )
        .values(state=ItemState.closed.value, closed_at=uow.now)
    )


async def move_item(uow: UnitOfWork, item: BoardItem) -> None:
    """Open the item, or reopen it and move it to `item`'s office and due date (a deadline set again,
    extended or resumed; a document routed again). An item already there keeps its title."""
    row = await uow.session.scalar(
        sa.select(SupervisionItem).where(
            SupervisionItem.kind == item.kind.value, SupervisionItem.source_id == item.source_id
        )
    )
    if row is None:
        await open_item(uow, item)
    else:
        row.office, row.due_on, row.state, row.closed_at = item.office.value, item.due_on, ItemState.open.value, None
        row.provisional = item.provisional
