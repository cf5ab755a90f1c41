"""Reading one row for a detail query, written once for liaison's routers."""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request

from qiaolian_chassis import db
from qiaolian_chassis.service import get_service

T = TypeVar("T")


async def get_or_404(request: Request, model: type[T], what: str, id_: str) -> T:
    async with get_service(request).db.sessions() as s:
        return await db.get_or_404(s, model, what, id_)
