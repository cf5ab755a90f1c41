"""Register an asset, transfer it, ask for its disposal and decide it; open, count and close the yearly
inventory; list a leaving custodian's assets for handover on the board. Events carry ids, codes, dates
and amounts: never the asset's name or location."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal, signer_of
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import AssetDisposed, AssetInventoryClosed, AssetRegistered, AssetTransferred
from qiaolian_contracts.ids import new_id

from ..database import directory
from ..settings import OfficeSettings
from ..supervision.commands import BoardItem, close_item, move_item, open_item
from .rules import INVENTORY_TRANSITIONS, TRANSITIONS, AssetState, Finding, InventoryState, check_disposer, handover_due
from .tables import Asset, AssetCount, AssetInventory, AssetTransfer


@dataclass(frozen=True)
class Register:
    code: str
    name: str
    category: str
    value_yuan: int
    location: str
    custodian_id: str
    acquired_on: date


async def _custodian(uow: UnitOfWork, field: str, cadre_id: str) -> None:
    if await directory.get(uow.session, cadre_id) is None:
        raise Invalid(field, f"{cadre_id} is not a cadre of the staff directory")


async def register(uow: UnitOfWork, cmd: Register) -> Asset:
    if cmd.acquired_on > uow.today:
        raise Invalid("acquired_on", f"cannot be after today ({uow.today})")
    await _custodian(uow, "custodian_id", cmd.custodian_id)
    taken = await uow.session.scalar(sa.select(Asset.id).where(Asset.code == cmd.code))
    if taken:
        raise Conflict(f"the asset tag {cmd.code} is taken", asset_id=taken)
    a = Asset(
        id=new_id(),
        code=cmd.code,
        name=cmd.name,
        category=cmd.category,
        value_yuan=cmd.value_yuan,
        location=cmd.location,
        custodian_id=cmd.custodian_id,
        acquired_on=cmd.acquired_on,
        state=AssetState.in_use.value,
        created_at=uow.now,
    )
    uow.session.add(a)
    uow.emit(
        a.id,
        AssetRegistered(
            asset_id=a.id,
            category=a.category,
            value_yuan=a.value_yuan,
            custodian_id=a.custodian_id,
            acquired_on=a.acquired_on,
        ),
    )
    return a


async def _load(uow: UnitOfWork, asset_id: str, command: str) -> tuple[Asset, AssetState]:
    a: Asset = await get_or_404(uow.session, Asset, "asset", asset_id, for_update=True)
    return a, TRANSITIONS.apply(AssetState(a.state), command)


async def transfer(uow: UnitOfWork, asset_id: str, to_custodian_id: str, location: str | None) -> Asset:
    a, _ = await _load(uow, asset_id, "transfer")
    if to_custodian_id == a.custodian_id:
        raise Invalid("to_custodian_id", "is the asset's custodian already")
    await _custodian(uow, "to_custodian_id", to_custodian_id)
    uow.session.add(
        AssetTransfer(
            id=new_id(),
            asset_id=a.id,
            from_custodian_id=a.custodian_id,
            to_custodian_id=to_custodian_id,
            transferred_on=uow.today,
            created_at=uow.now,
        )
    )
    uow.emit(
        a.id,
        AssetTransferred(
            asset_id=a.id, from_custodian_id=a.custodian_id, to_custodian_id=to_custodian_id, transferred_on=uow.today
        ),
    )
    a.custodian_id = to_custodian_id
    if location is not None:
        a.location = location
    await close_item(uow, BoardItemKind.asset_handover, a.id)  # handed over
    return a


async def request_disposal(uow: UnitOfWork, asset_id: str, reason: str, note: str, by: Principal) -> Asset:
    a, state = await _load(uow, asset_id, "request_disposal")
    a.state, a.disposal_reason, a.disposal_note, a.disposal_requested_by = state.value, reason, note, signer_of(by)
    return a


async def decide_disposal(uow: UnitOfWork, asset_id: str, approve: bool, by: Principal) -> Asset:
    a, state = await _load(uow, asset_id, "approve_disposal" if approve else "reject_disposal")
    check_disposer(signer_of(by), by.cadre_id, a.disposal_requested_by)
    a.state = state.value
    if not approve:
        a.disposal_reason = a.disposal_note = a.disposal_requested_by = None
        return a
    assert a.disposal_reason is not None
    a.disposal_decided_by, a.disposed_on = signer_of(by), uow.today
    await close_item(uow, BoardItemKind.asset_handover, a.id)  # nothing left to hand over
    uow.emit(
        a.id,
        AssetDisposed(
            asset_id=a.id,
            category=a.category,
            value_yuan=a.value_yuan,
            reason=a.disposal_reason,
            disposed_on=uow.today,
        ),
    )
    return a


# ---- the yearly inventory -------------------------------------------------------------------------


async def open_inventory(uow: UnitOfWork, year: int, due_on: date) -> AssetInventory:
    if year not in (uow.today.year - 1, uow.today.year):
        raise Invalid("year", f"an inventory is of this year or the last, not {year}")
    if due_on < uow.today:
        raise Invalid("due_on", f"cannot be before today ({uow.today})")
    taken = await uow.session.scalar(sa.select(AssetInventory.id).where(AssetInventory.year == year))
    if taken:
        raise Conflict(f"the inventory of {year} exists already", inventory_id=taken)
    inv = AssetInventory(
        id=new_id(), year=year, due_on=due_on, state=InventoryState.open.value, opened_on=uow.today, created_at=uow.now
    )
    uow.session.add(inv)
    await uow.session.flush()
    await open_item(uow, BoardItem.of(BoardItemKind.asset_inventory, Office.office, inv.id, due_on, subject=str(year)))
    return inv


async def _inventory(uow: UnitOfWork, inventory_id: str, command: str) -> tuple[AssetInventory, InventoryState]:
    inv: AssetInventory = await get_or_404(
        uow.session, AssetInventory, "asset inventory", inventory_id, for_update=True
    )
    return inv, INVENTORY_TRANSITIONS.apply(InventoryState(inv.state), command)


async def count(uow: UnitOfWork, inventory_id: str, asset_id: str, result: Finding, by: Principal) -> AssetCount:
    inv, _ = await _inventory(uow, inventory_id, "count")
    a = await uow.session.get(Asset, asset_id)
    if a is None:
        raise Invalid("asset_id", f"{asset_id} is not an asset of the register")
    if a.state == AssetState.disposed.value:
        raise Invalid("asset_id", f"{a.code} was disposed of: it is not counted")
    row: AssetCount | None = await uow.session.scalar(
        sa.select(AssetCount).where(AssetCount.inventory_id == inv.id, AssetCount.asset_id == a.id)
    )
    if row is None:
        row = AssetCount(id=new_id(), inventory_id=inv.id, asset_id=a.id)
        uow.session.add(row)
    row.result, row.counted_on, row.counted_by = result.value, uow.today, signer_of(by)
    return row


async def uncounted(session: Any, inventory_id: str) -> int:
    counted = sa.select(AssetCount.asset_id).where(AssetCount.inventory_id == inventory_id)
    n = await session.scalar(
        sa.select(sa.func.count())
        .select_from(Asset)
        .where(Asset.state != AssetState.disposed.value, Asset.id.not_in(counted))
    )
    return int(n or 0)


async def findings(session: Any, inventory_id: str) -> dict[str, int]:
    rows = await session.execute(
        sa.select(AssetCount.result, sa.func.count())
        .where(AssetCount.inventory_id == inventory_id)
        .group_by(AssetCount.result)
    )
    got = {r: int(n) for r, n in rows.all()}
    return {f.value: got.get(f.value, 0) for f in Finding}


async def close_inventory(uow: UnitOfWork, inventory_id: str) -> AssetInventory:
    inv, state = await _inventory(uow, inventory_id, "close")
    left = await uncounted(uow.session, inv.id)
    if left:
        raise Conflict(f"{left} assets are not counted yet", uncounted=left)
    found = await findings(uow.session, inv.id)
    inv.state, inv.closed_on = state.value, uow.today
    await close_item(uow, BoardItemKind.asset_inventory, inv.id)
    uow.emit(inv.id, AssetInventoryClosed(inventory_id=inv.id, year=inv.year, closed_on=uow.today, **found))
    return inv


# ---- a custodian who leaves the staff ------------------------------------------------------------


async def list_for_handover(uow: UnitOfWork, cadre_id: str, left_on: date) -> None:
    due = handover_due(left_on, OfficeSettings().asset_handover_days)
    held = await uow.session.scalars(
        sa.select(Asset).where(Asset.custodian_id == cadre_id, Asset.state != AssetState.disposed.value)
    )
    for a in held:  # an asset handed over before (its item closed) is on the board again
        await move_item(uow, BoardItem.of(BoardItemKind.asset_handover, Office.office, a.id, due, subject=a.code))
