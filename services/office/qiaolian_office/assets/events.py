"""Personnel's events office's assets follow: a custodian removed from their post or retired has each
asset they hold listed for handover on the supervision board (kind `asset_handover`, due
`OFFICE_ASSET_HANDOVER_DAYS` after leaving) until it is transferred or disposed of."""

from __future__ import annotations

from qiaolian_chassis.consumer import handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.personnel import CadreRemoved, CadreRetired

from .commands import list_for_handover


async def on_cadre_removed(uow: UnitOfWork, event: Envelope[CadreRemoved]) -> None:
    await list_for_handover(uow, event.data.cadre_id, event.data.effective_on)


async def on_cadre_retired(uow: UnitOfWork, event: Envelope[CadreRetired]) -> None:
    await list_for_handover(uow, event.data.cadre_id, event.data.retired_on)


HANDLERS = handles(on_cadre_removed, on_cadre_retired)
