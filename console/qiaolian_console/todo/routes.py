"""`GET /todo`: the signed-in person's 我的待办, from the console's own projection (todo/events.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import DomainError

from ..runtime import Console, console_of
from ..sessions.guard import CurrentSession, signed_in
from . import queries
from .rules import audiences, urgency

router = APIRouter(tags=["todo"])


class TodoOut(BaseModel):
    record_kind: str = Field(
        description="petition, task, article, identity_review, document, outgoing_document, trip, federation"
    )
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
    return await todo_of(console_of(request), who)


STREAM_CHECK_S = 2.0  # how often a stream looks for a change of its person's items
KEEP_ALIVE_S = 15.0  # a comment line this often, so proxies keep an idle stream open


@router.get(
    "/todo/stream",
    summary="我的待办 as server-sent events: `todo` with the whole list now and at each change",
    description="An `ended` event, then the end of the stream, when the session ends or expires.",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def my_todo_stream(request: Request, who: CurrentSession = Depends(signed_in)) -> StreamingResponse:
    console = console_of(request)

    async def events() -> AsyncIterator[str]:
        last, quiet = "", 0.0
        current = who
        while not await request.is_disconnected():
            body = (await todo_of(console, current)).model_dump_json()
            if body != last:
                yield f"event: todo\ndata: {body}\n\n"
                last, quiet = body, 0.0
            elif quiet >= KEEP_ALIVE_S:
                yield ": keep-alive\n\n"
                quiet = 0.0
            await asyncio.sleep(STREAM_CHECK_S)
            quiet += STREAM_CHECK_S
            try:
                current = await signed_in(request)  # a session that ends ends its stream
            except DomainError:
                yield "event: ended\ndata: {}\n\n"
                return

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )


async def todo_of(console: Console, who: CurrentSession) -> Todo:
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
