"""Arranging a visit's reception (reception.arranged) and cancelling it with the visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.office import ReceptionArranged
from qiaolian_contracts.ids import new_id

from .rules import ReceptionState
from .tables import Reception


@dataclass(frozen=True)
class ArrangeReception:
    visit_id: str
    association_name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class CancelReception:
    visit_id: str


async def arrange(uow: UnitOfWork, cmd: ArrangeReception) -> Reception:
    reception = Reception(
        id=new_id(),
        visit_id=cmd.visit_id,
        association_name=cmd.association_name,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        status=ReceptionState.arranged.value,
        created_at=uow.now,
    )
    uow.session.add(reception)
    uow.emit(
        cmd.visit_id,
        ReceptionArranged(
            reception_id=reception.id, visit_id=cmd.visit_id, starts_on=cmd.starts_on, ends_on=cmd.ends_on
        ),
    )
    return reception


async def cancel(uow: UnitOfWork, cmd: CancelReception) -> Reception | None:
    """Cancel the visit's reception if one is arranged; returns it, or None."""
    reception: Reception | None = await uow.session.scalar(
        sa.select(Reception).where(
            Reception.visit_id == cmd.visit_id, Reception.status == ReceptionState.arranged.value
        )
    )
    if reception is not None:
        reception.status = ReceptionState.cancelled.value
    return reception
