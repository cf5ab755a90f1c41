"""The establishment as it stands: approved, occupied and vacant slots."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from ..cadres.rules import CadreState
from ..cadres.tables import Cadre
from .rules import UNCLASSIFIED, slots
from .tables import Establishment


async def establishment(session: AsyncSession, office: Office | None) -> list[dict[str, object]]:
    """Every configured (office, level), and every one someone occupies without an approved number."""
    approved = {
        (r.office, r.post_level): r.approved
        for r in (await session.scalars(sa.select(Establishment).where(*filters((Establishment.office, office))))).all()
    }
    occupied = {
        (str(o), lvl or UNCLASSIFIED): int(n)
        for o, lvl, n in (
            await session.execute(
                sa.select(Cadre.office, Cadre.post_level, sa.func.count())
                .where(Cadre.state == CadreState.in_post.value, *filters((Cadre.office, office)))
                .group_by(Cadre.office, Cadre.post_level)
            )
        ).all()
    }
    return slots(approved, occupied)
