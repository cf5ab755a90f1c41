"""The caller's items, by card."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from .tables import TodoItem


async def items_for(session: Any, audiences: Sequence[str]) -> list[TodoItem]:
    stmt = (
        sa.select(TodoItem)
        .where(TodoItem.audience.in_(list(audiences)))
        .order_by(TodoItem.due_on.is_(None), TodoItem.due_on, TodoItem.id)
    )
    return list((await session.scalars(stmt)).all())
