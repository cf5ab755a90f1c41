"""Pure rules of assets: the states, the categories, the inventory's findings and the handover date.

An asset is `in_use` → (request_disposal, with a reason) `disposal_requested` → (approve_disposal, by the
office head, not the one who asked: the chassis's separation of duties) `disposed`, or (reject_disposal)
`in_use` again. Only an asset in use is transferred. An inventory is `open` → (close, once every asset
not disposed is counted) `closed`. A custodian who leaves the staff hands their assets over within
`OFFICE_ASSET_HANDOVER_DAYS` of leaving.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from qiaolian_chassis import duties
from qiaolian_chassis.statemachine import Rule, Transitions


class AssetState(StrEnum):
    in_use = "in_use"
    disposal_requested = "disposal_requested"
    disposed = "disposed"


class InventoryState(StrEnum):
    open = "open"
    closed = "closed"


Category = Literal["vehicle", "it_equipment", "office_equipment", "furniture", "building", "other"]
DisposalReason = Literal["scrapped", "obsolete", "lost", "damaged", "transferred_out", "other"]


class Finding(StrEnum):
    confirmed = "confirmed"
    missing = "missing"
    damaged = "damaged"


A = AssetState
TRANSITIONS = Transitions(
    "asset",
    {
        "transfer": {A.in_use},
        "request_disposal": Rule(frozenset({A.in_use}), A.disposal_requested),
        "approve_disposal": Rule(frozenset({A.disposal_requested}), A.disposed),
        "reject_disposal": Rule(frozenset({A.disposal_requested}), A.in_use),
    },
)
INVENTORY_TRANSITIONS = Transitions(
    "asset inventory",
    {"count": {InventoryState.open}, "close": Rule(frozenset({InventoryState.open}), InventoryState.closed)},
)


def check_disposer(signer: str, signer_cadre: str | None, requested_by: str | None) -> None:
    """Whoever asked for the disposal does not approve it (409)."""
    duties.check_signer(signer, signer_cadre, what="this disposal", own={"their own disposal request": [requested_by]})


def handover_due(left_on: date, days: int) -> date:
    try:
        return left_on + timedelta(days=days)
    except OverflowError:  # a leaving date at the end of the calendar
        return date.max
