"""Assets over HTTP (資產): office's staff keep the register, transfers and the inventory (`office.write`);
the office head decides a disposal (`office.approve`), never the one who asked for it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service

from . import commands, queries
from .rules import INVENTORY_TRANSITIONS, TRANSITIONS, AssetState, Category, DisposalReason, Finding, InventoryState
from .tables import Asset, AssetInventory

router = APIRouter(tags=["assets"])

CadreId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Place = Annotated[Text, StringConstraints(min_length=1, max_length=200)]


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")] = Field(
        description="the asset tag"
    )
    name: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    category: Category
    value_yuan: int = Field(ge=0, le=1_000_000_000)
    location: Place
    custodian_id: CadreId = Field(description="a cadre of the staff directory")
    acquired_on: Day


class TransferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_custodian_id: CadreId
    location: Place | None = None


class DisposalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: DisposalReason
    note: Annotated[Text, StringConstraints(min_length=1, max_length=500)]


class TransferOut(BaseModel):
    from_custodian_id: str
    to_custodian_id: str
    transferred_on: date


class AssetOut(BaseModel):
    id: str
    code: str
    name: str
    category: str
    value_yuan: int
    location: str
    custodian_id: str
    acquired_on: date
    state: AssetState
    disposal_reason: str | None
    disposal_note: str | None
    disposal_requested_by: str | None
    disposal_decided_by: str | None
    disposed_on: date | None
    created_at: datetime

    @classmethod
    def of(cls, a: Asset) -> AssetOut:
        return cls.model_validate(a, from_attributes=True)


class AssetDetail(AssetOut):
    transfers: list[TransferOut]
    allowed_commands: list[str]


async def asset_detail(session: Any, asset_id: str) -> AssetDetail:
    a = await get_or_404(session, Asset, "asset", asset_id)
    moves = await queries.transfers(session, a.id)
    return AssetDetail(
        **AssetOut.of(a).model_dump(),
        transfers=[TransferOut.model_validate(t, from_attributes=True) for t in moves],
        allowed_commands=TRANSITIONS.commands(AssetState(a.state)),
    )


class InventoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    due_on: Day


class CountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    asset_id: CadreId
    result: Finding


class InventoryOut(BaseModel):
    id: str
    year: int
    due_on: date
    state: InventoryState
    opened_on: date
    closed_on: date | None

    @classmethod
    def of(cls, i: AssetInventory) -> InventoryOut:
        return cls.model_validate(i, from_attributes=True)


class InventoryDetail(InventoryOut):
    confirmed: int
    missing: int
    damaged: int
    uncounted: int = Field(description="assets not disposed of and not yet counted")
    allowed_commands: list[str]


async def inventory_detail(session: Any, inventory_id: str) -> InventoryDetail:
    i = await get_or_404(session, AssetInventory, "asset inventory", inventory_id)
    found = await commands.findings(session, i.id)
    state = InventoryState(i.state)
    return InventoryDetail(
        **InventoryOut.of(i).model_dump(),
        **found,
        uncounted=await commands.uncounted(session, i.id) if state is InventoryState.open else 0,
        allowed_commands=INVENTORY_TRANSITIONS.commands(state),
    )


@router.post("/assets", dependencies=[permit("office.write")], status_code=201, summary="Register a fixed asset")
async def register_asset(body: RegisterIn, request: Request) -> AssetDetail:
    async with get_service(request).uow() as uow:
        a = await commands.register(uow, commands.Register(**body.model_dump()))
        return await asset_detail(uow.session, a.id)


@router.get("/assets", dependencies=[permit("staff.read")], summary="The register of fixed assets, by tag")
async def list_assets(
    request: Request,
    category: Category | None = None,
    state: AssetState | None = None,
    custodian_id: str | None = None,
    page: PageParams = Depends(page_params),
) -> Page[AssetOut]:
    stmt = queries.assets(category=category, state=state, custodian_id=custodian_id)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, AssetOut.of)


@router.get("/assets/{asset_id}", dependencies=[permit("staff.read")], summary="An asset and its transfers")
async def get_asset(asset_id: str, request: Request) -> AssetDetail:
    async with get_service(request).db.sessions() as s:
        return await asset_detail(s, asset_id)


@router.post(
    "/assets/{asset_id}/transfer",
    dependencies=[permit("office.write")],
    summary="Transfer an asset in use to another custodian (a handover due on the board is met)",
)
async def transfer_asset(asset_id: str, body: TransferIn, request: Request) -> AssetDetail:
    async with get_service(request).uow() as uow:
        await commands.transfer(uow, asset_id, body.to_custodian_id, body.location)
        return await asset_detail(uow.session, asset_id)


@router.post("/assets/{asset_id}/request-disposal", summary="Ask for the disposal of an asset, with a reason")
async def request_disposal(
    asset_id: str, body: DisposalIn, request: Request, who: Principal = permit("office.write")
) -> AssetDetail:
    async with get_service(request).uow() as uow:
        await commands.request_disposal(uow, asset_id, body.reason, body.note, who)
        return await asset_detail(uow.session, asset_id)


@router.post("/assets/{asset_id}/approve-disposal", summary="The office head approves a disposal (not their own)")
async def approve_disposal(asset_id: str, request: Request, who: Principal = permit("office.approve")) -> AssetDetail:
    async with get_service(request).uow() as uow:
        await commands.decide_disposal(uow, asset_id, True, who)
        return await asset_detail(uow.session, asset_id)


@router.post("/assets/{asset_id}/reject-disposal", summary="The office head refuses a disposal: the asset stays")
async def reject_disposal(asset_id: str, request: Request, who: Principal = permit("office.approve")) -> AssetDetail:
    async with get_service(request).uow() as uow:
        await commands.decide_disposal(uow, asset_id, False, who)
        return await asset_detail(uow.session, asset_id)


@router.post(
    "/asset-inventories",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Open the year's inventory of fixed assets (on the board until closed)",
)
async def open_inventory(body: InventoryIn, request: Request) -> InventoryDetail:
    async with get_service(request).uow() as uow:
        i = await commands.open_inventory(uow, body.year, body.due_on)
        return await inventory_detail(uow.session, i.id)


@router.get("/asset-inventories", dependencies=[permit("staff.read")], summary="The inventories, latest year first")
async def list_inventories(
    request: Request, state: InventoryState | None = None, page: PageParams = Depends(page_params)
) -> Page[InventoryOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.inventories(state=state), page, InventoryOut.of)


@router.get(
    "/asset-inventories/{inventory_id}",
    dependencies=[permit("staff.read")],
    summary="An inventory with its findings and what is left to count",
)
async def get_inventory(inventory_id: str, request: Request) -> InventoryDetail:
    async with get_service(request).db.sessions() as s:
        return await inventory_detail(s, inventory_id)


@router.post(
    "/asset-inventories/{inventory_id}/counts",
    summary="Record an asset confirmed, missing or damaged (again: corrected)",
)
async def count_asset(
    inventory_id: str, body: CountIn, request: Request, who: Principal = permit("office.write")
) -> InventoryDetail:
    async with get_service(request).uow() as uow:
        await commands.count(uow, inventory_id, body.asset_id, body.result, who)
        return await inventory_detail(uow.session, inventory_id)


@router.post(
    "/asset-inventories/{inventory_id}/close",
    dependencies=[permit("office.write")],
    summary="Close the inventory once every asset is counted (409 with how many are not)",
)
async def close_inventory(inventory_id: str, request: Request) -> InventoryDetail:
    async with get_service(request).uow() as uow:
        await commands.close_inventory(uow, inventory_id)
        return await inventory_detail(uow.session, inventory_id)
