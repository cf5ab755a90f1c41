"""Reading one row for a detail query, written once for liaison's routers."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request

from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.service import get_service

T = TypeVar("T")


async def get_or_404(request: Request, model: type[T], what: str, id_: str) -> T:
    async with get_service(request).db.sessions() as s:
        row: Any = await s.get(model, id_)
    if row is None:
        raise NotFound(f"{what} {id_} not found")
    return row
