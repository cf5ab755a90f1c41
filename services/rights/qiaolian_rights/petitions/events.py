"""personnel's cadre events: rights' staff projection, and a handler who leaves rights loses their
open petitions in the same transaction (they are unassigned, so `GET /petitions?needs_handler=true`
lists them for reassignment)."""

from __future__ import annotations

import sqlalchemy as sa

from qiaolian_chassis.consumer import Handler, handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.personnel import CadreRemoved, CadreRetired, CadreTransferred

from ..database import staff
from .rules import TERMINAL
from .tables import Petition


async def _unassign(uow: UnitOfWork, cadre_id: str) -> None:
    await uow.session.execute(
        sa.update(Petition)
        .where(Petition.handler_cadre_id == cadre_id, Petition.state.not_in([t.value for t in TERMINAL]))
        .values(handler_cadre_id=None)
    )


async def on_transferred(uow: UnitOfWork, event: Envelope[CadreTransferred]) -> None:
    await staff.on_appointed(uow, event)
    if event.data.office != "rights":  # transferred into rights: nothing of theirs to hand over
        await _unassign(uow, event.data.cadre_id)


async def on_removed(uow: UnitOfWork, event: Envelope[CadreRemoved]) -> None:
    await staff.on_left(uow, event)
    await _unassign(uow, event.data.cadre_id)


async def on_retired(uow: UnitOfWork, event: Envelope[CadreRetired]) -> None:
    await staff.on_left(uow, event)
    await _unassign(uow, event.data.cadre_id)


def staff_handlers() -> dict[str, Handler]:
    """The staff projection's map, its handlers of a cadre leaving replaced by the ones above."""
    return {**staff.handlers(), **handles(on_transferred, on_removed, on_retired)}
