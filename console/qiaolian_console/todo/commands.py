"""Changes of the projection, made by the event handlers in the inbox's transaction."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.uow import UnitOfWork

from .tables import TodoItem


async def put(
    uow: UnitOfWork, card: str, audience: str, kind: str, record_id: str, what: str, due_on: date | None, link: str
) -> None:
    """The item, created or updated (one per card, audience, record and step)."""
    s = uow.session
    found = await s.scalar(
        sa.select(TodoItem).where(
            TodoItem.card == card,
            TodoItem.audience == audience,
            TodoItem.record_kind == kind,
            TodoItem.record_id == record_id,
            TodoItem.what == what,
        )
    )
    if found is None:
        s.add(
            TodoItem(
                card=card,
                audience=audience,
                record_kind=kind,
                record_id=record_id,
                what=what,
                due_on=due_on,
                link=link,
                updated_at=uow.now,
            )
        )
    else:
        found.due_on, found.link, found.updated_at = due_on, link, uow.now
    await s.flush()


async def drop(uow: UnitOfWork, kind: str, record_id: str, *, card: str | None = None, what: str | None = None) -> None:
    """The record's items (of that card, of that step) are done."""
    where = [TodoItem.record_kind == kind, TodoItem.record_id == record_id]
    if card:
        where.append(TodoItem.card == card)
    if what:
        where.append(TodoItem.what == what)
    await uow.session.execute(sa.delete(TodoItem).where(*where))


async def audience_of(uow: UnitOfWork, kind: str, record_id: str, card: str, default: str) -> str:
    """Whom the record's items of `card` are for so far (a restricted petition's are the head's alone)."""
    found = (
        await uow.session.scalars(
            sa.select(TodoItem.audience).where(
                TodoItem.record_kind == kind, TodoItem.record_id == record_id, TodoItem.card == card
            )
        )
    ).all()
    return default if default in found or not found else found[0]


async def due_of(uow: UnitOfWork, kind: str, record_id: str, what: str) -> date | None:
    return await uow.session.scalar(
        sa.select(TodoItem.due_on).where(
            TodoItem.record_kind == kind, TodoItem.record_id == record_id, TodoItem.what == what
        )
    )
