"""A projection of cadres from personnel's events, written once for every service.

Each service keeps its own staff (`office="rights"`); office's staff directory keeps everyone
(`office=None`). No service reads personnel's database.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request

from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.personnel import CadreAppointed, CadreRemoved, CadreRetired, CadreTransferred

from .http import Page, PageParams, page_params, paginate
from .service import get_service
from .tables import NAMING
from .uow import UnitOfWork

APPOINTED = "qiaolian.personnel.cadre.appointed.v1"
TRANSFERRED = "qiaolian.personnel.cadre.transferred.v1"
REMOVED = "qiaolian.personnel.cadre.removed.v1"
RETIRED = "qiaolian.personnel.cadre.retired.v1"


class StaffProjection:
    def __init__(self, metadata: sa.MetaData, office: str | None) -> None:
        self.office = office
        self.table = sa.Table(
            "staff",
            metadata,
            sa.Column("cadre_id", sa.String(64), primary_key=True),
            sa.Column("name", sa.String(100), nullable=False),
            sa.Column("office", sa.String(20), nullable=False, index=True),
            sa.Column("post", sa.String(100), nullable=False),
            sa.Column("since", sa.Date, nullable=False),
            sa.Column("appointment_id", sa.String(64), nullable=False),
        )

    async def on_appointed(self, uow: UnitOfWork, event: Envelope[CadreAppointed] | Envelope[CadreTransferred]) -> None:
        """Appointed or transferred: the old office's staff loses the cadre, the new office's gains them."""
        d = event.data
        t = self.table
        await uow.session.execute(sa.delete(t).where(t.c.cadre_id == d.cadre_id))
        if self.office is None or d.office.value == self.office:
            await uow.session.execute(
                sa.insert(t).values(
                    cadre_id=d.cadre_id,
                    name=d.name,
                    office=d.office.value,
                    post=d.post,
                    since=d.effective_on,
                    appointment_id=d.appointment_id,
                )
            )

    async def on_left(self, uow: UnitOfWork, event: Envelope[CadreRemoved] | Envelope[CadreRetired]) -> None:
        """Removed or retired: no office's staff any more."""
        t = self.table
        await uow.session.execute(sa.delete(t).where(t.c.cadre_id == event.data.cadre_id))

    def handlers(self) -> dict[str, Any]:
        return {
            APPOINTED: self.on_appointed,
            TRANSFERRED: self.on_appointed,
            REMOVED: self.on_left,
            RETIRED: self.on_left,
        }

    async def get(self, conn: Any, cadre_id: str, *, for_update: bool = False) -> sa.Row[Any] | None:
        """The cadre's row, locked for a command that must take turns per cadre when `for_update`."""
        stmt = sa.select(self.table).where(self.table.c.cadre_id == cadre_id)
        row: sa.Row[Any] | None = (await conn.execute(stmt.with_for_update() if for_update else stmt)).first()
        return row

    async def list(self, conn: Any, office: str | None, page: PageParams) -> Page[dict[str, Any]]:
        t = self.table
        where = [t.c.office == office] if office else []
        stmt = sa.select(t).where(*where).order_by(t.c.office, t.c.name, t.c.cadre_id)
        return await paginate(conn, stmt, page, lambda r: dict(r._mapping), scalars=False)

    def router(self, path: str, summary: str) -> APIRouter:
        router = APIRouter(tags=["staff"])
        projection = self

        @router.get(path, summary=summary)
        async def list_staff(
            request: Request,
            office: str | None = Query(None, pattern="^(office|liaison|rights|personnel)$"),
            page: PageParams = Depends(page_params),
        ) -> Page[dict[str, Any]]:
            async with get_service(request).db.engine.connect() as conn:
                return await projection.list(conn, office, page)

        return router


def create_staff_table(op: Any) -> None:
    """For the first migration of a service that keeps a staff projection."""
    StaffProjection(sa.MetaData(naming_convention=NAMING), office=None).table.create(op.get_bind())
