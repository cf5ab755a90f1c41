"""The registry fed by liaison's association and person events, and by rights' overseas business,
technology and professional contacts (`economic_contact.*`, source `rights`).

A `contact.merged` event removes the merged record and keeps the survivor, so the registry never
lists one person or association twice after liaison combined them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.consumer import handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.liaison import (
    AssociationRegistered,
    AssociationUpdated,
    ContactMerged,
    PersonRegistered,
    PersonUpdated,
)
from qiaolian_contracts.events.rights import EconomicContactRegistered, EconomicContactUpdated

from .tables import Resource


async def _upsert(uow: UnitOfWork, id_: str, source: str = "liaison", **values: Any) -> None:
    row = await uow.session.get(Resource, id_)
    if row is None:
        uow.session.add(Resource(id=id_, source=source, updated_at=uow.now, **values))
    else:
        for k, v in values.items():
            setattr(row, k, v)
        row.updated_at = uow.now


async def on_association_registered(uow: UnitOfWork, event: Envelope[AssociationRegistered]) -> None:
    d = event.data
    await _upsert(
        uow,
        d.association_id,
        kind="association",
        name_zh=d.name_zh,
        name_romanised=d.name_romanised,
        country=d.country,
        field=d.field,
        hometown=d.hometown,
        association_id=None,
        status="active",
    )


async def on_association_updated(uow: UnitOfWork, event: Envelope[AssociationUpdated]) -> None:
    d = event.data
    row = await uow.session.get(Resource, d.association_id)
    if row is not None:  # absent: merged away already
        row.field, row.hometown, row.status, row.updated_at = d.field, d.hometown, d.status, uow.now


async def on_person_registered(uow: UnitOfWork, event: Envelope[PersonRegistered]) -> None:
    d = event.data
    await _upsert(
        uow,
        d.person_id,
        kind="person",
        name_zh=d.name_zh,
        name_romanised=d.name_romanised,
        country=d.country,
        field=d.field,
        hometown=d.hometown,
        association_id=d.association_id,
    )


async def on_person_updated(uow: UnitOfWork, event: Envelope[PersonUpdated]) -> None:
    d = event.data
    row = await uow.session.get(Resource, d.person_id)
    if row is not None:
        row.field, row.hometown, row.association_id, row.updated_at = d.field, d.hometown, d.association_id, uow.now


async def on_contact_merged(uow: UnitOfWork, event: Envelope[ContactMerged]) -> None:
    d = event.data
    merged = await uow.session.get(Resource, d.merged_id)
    survivor = await uow.session.get(Resource, d.survivor_id)
    if merged is not None and survivor is not None:
        for attr in ("name_zh", "name_romanised", "hometown", "association_id"):
            if getattr(survivor, attr) is None and getattr(merged, attr) is not None:
                setattr(survivor, attr, getattr(merged, attr))
    if merged is not None:
        await uow.session.delete(merged)
    if d.kind == "association":  # persons of the merged association now belong to the survivor
        await uow.session.execute(
            sa.update(Resource)
            .where(Resource.association_id == d.merged_id)
            .values(association_id=d.survivor_id, updated_at=uow.now)
        )


HANDLERS = handles(
    on_association_registered, on_association_updated, on_person_registered, on_person_updated, on_contact_merged
)


# ---- rights' economic contacts -----------------------------------------------------------------


async def on_economic_contact_registered(uow: UnitOfWork, event: Envelope[EconomicContactRegistered]) -> None:
    d = event.data
    await _upsert(
        uow,
        d.contact_id,
        "rights",
        kind=d.kind.value,  # person or organisation
        name_zh=d.name_zh,
        name_romanised=d.name_romanised,
        country=d.country,
        field=d.field,
        hometown=d.hometown,
        association_id=None,
        status="active",
    )


async def on_economic_contact_updated(uow: UnitOfWork, event: Envelope[EconomicContactUpdated]) -> None:
    d = event.data
    row = await uow.session.get(Resource, d.contact_id)
    if row is not None:
        row.field, row.hometown, row.status, row.updated_at = d.field, d.hometown, d.status, uow.now


RIGHTS_HANDLERS = handles(on_economic_contact_registered, on_economic_contact_updated)
