"""Accounts follow personnel's cadre events (durable `console--accounts`, through the chassis inbox:
each event has one effect however often it arrives). A cadre without an account is no concern here."""

from __future__ import annotations

from qiaolian_chassis.consumer import handles
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.personnel import CadreAppointed, CadreRemoved, CadreRetired, CadreTransferred

from . import commands


async def on_appointed(uow: UnitOfWork, event: Envelope[CadreAppointed]) -> None:
    d = event.data
    await commands.move_office(uow, commands.MoveOffice(d.cadre_id, d.office.value, event.id))


async def on_transferred(uow: UnitOfWork, event: Envelope[CadreTransferred]) -> None:
    d = event.data
    await commands.move_office(uow, commands.MoveOffice(d.cadre_id, d.office.value, event.id))


async def on_removed(uow: UnitOfWork, event: Envelope[CadreRemoved]) -> None:
    d = event.data
    await commands.leave_post(uow, commands.LeavePost(d.cadre_id, f"removed: {d.reason.value}", event.id))


async def on_retired(uow: UnitOfWork, event: Envelope[CadreRetired]) -> None:
    await commands.leave_post(uow, commands.LeavePost(event.data.cadre_id, "retired", event.id))


HANDLERS = handles(on_appointed, on_transferred, on_removed, on_retired)
