"""`GET /todo`: the signed-in person's 我的待办, from the console's own projection (todo/events.py)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from qiaolian_chassis.clock import today

from ..runtime import console_of
from ..sessions.guard import CurrentSession, signed_in
from . import queries
from .rules import audiences, urgency

router = APIRouter(tags=["todo"])


class TodoOut(BaseModel):
    record_kind: str = Field(description="petition, task, article, identity_review")
    record_id: str
    what: str = Field(description="the deadline or step: first_decision, handling, handle, review, task …")
    due_on: date | None
    days_left: int | None = Field(description="negative when overdue")
    urgency: Literal["overdue", "approaching", "open"] = Field(description="red, amber (≤ 3 days), plain")
    link: str = Field(description="the record's page in the web app")
    audience: Literal["me", "office", "role"] = Field(description="for me, for my office, or for my role")


class Todo(BaseModel):
    assigned: list[TodoOut] = Field(description="assigned to me (or to my office)")
    deadlines: list[TodoOut] = Field(description="my office's deadlines, soonest first")
    approvals: list[TodoOut] = Field(description="approvals waiting for my role")


@router.get("/todo", summary="我的待办: what the signed-in person must do (only the caller's items)")
async def my_todo(request: Request, who: CurrentSession = Depends(signed_in)) -> Todo:
    console = console_of(request)
    p = who.principal
    mine = audiences(p.cadre_id, p.office, p.roles)
    async with console.db.sessions() as s:
        items = await queries.items_for(s, mine)
    on = today(console.service.clock)
    cards: dict[str, list[TodoOut]] = {"assigned": [], "deadline": [], "approval": []}
    seen: set[tuple[str, str, str, str]] = set()
    for i in items:
        key = (i.card, i.record_kind, i.record_id, i.what)
        if key in seen:  # for me and for my role alike: once
            continue
        seen.add(key)
        kind = i.audience.split(":", 1)[0]
        cards[i.card].append(
            TodoOut(
                record_kind=i.record_kind,
                record_id=i.record_id,
                what=i.what,
                due_on=i.due_on,
                days_left=(i.due_on - on).days if i.due_on else None,
                urgency=urgency(i.due_on, on),
                link=i.link,
                audience={"cadre": "me", "office": "office", "role": "role"}[kind],
            )
        )
    return Todo(assigned=cards["assigned"], deadlines=cards["deadline"], approvals=cards["approval"])
