"""Registering a cadre, and appointment, transfer, removal and retirement (任免), each a line of the
cadre's record and a fact for the other offices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import (
    CadreAppointed,
    CadreRemoved,
    CadreRetired,
    CadreTransferred,
    RemovalReason,
)
from qiaolian_contracts.ids import new_id

from ..establishment.commands import check_vacancy, post_level
from ..establishment.rules import PostLevel
from ..party import commands as party
from .rules import CADRES, CadreState
from .tables import Appointment, Cadre


@dataclass(frozen=True)
class RegisterCadre:
    name: str
    gender: str | None = None
    birth_date: date | None = None


@dataclass(frozen=True)
class AppointCadre:
    cadre_id: str
    office: Office
    post: str
    effective_on: date
    post_level: PostLevel | None = None


@dataclass(frozen=True)
class TransferCadre:
    cadre_id: str
    office: Office
    post: str
    effective_on: date
    post_level: PostLevel | None = None


@dataclass(frozen=True)
class RemoveCadre:
    cadre_id: str
    reason: RemovalReason
    effective_on: date


@dataclass(frozen=True)
class RetireCadre:
    cadre_id: str
    retired_on: date


async def register_cadre(uow: UnitOfWork, cmd: RegisterCadre) -> Cadre:
    cadre = Cadre(
        id=new_id(),
        name=cmd.name,
        gender=cmd.gender,
        birth_date=cmd.birth_date,
        state=CadreState.unassigned.value,
        created_at=uow.now,
    )
    uow.session.add(cadre)
    return cadre


async def appoint(uow: UnitOfWork, cmd: AppointCadre) -> Appointment:
    cadre = await get_or_404(uow.session, Cadre, "cadre", cmd.cadre_id, for_update=True)
    state = CADRES.apply(CadreState(cadre.state), "appoint")
    level = await post_level(uow, cmd.office, cmd.post, cmd.post_level)
    await check_vacancy(uow, cmd.office, level, cadre.id)
    appointment = Appointment(
        id=new_id(),
        cadre_id=cadre.id,
        kind="appointment",
        office=cmd.office.value,
        post=cmd.post,
        post_level=level,
        effective_on=cmd.effective_on,
        created_at=uow.now,
    )
    cadre.office, cadre.post, cadre.post_level, cadre.state = cmd.office.value, cmd.post, level, state.value
    uow.session.add(appointment)
    uow.emit(
        cadre.id,
        CadreAppointed(
            cadre_id=cadre.id,
            appointment_id=appointment.id,
            name=cadre.name,
            office=cmd.office,
            post=cmd.post,
            effective_on=cmd.effective_on,
        ),
    )
    return appointment


async def transfer(uow: UnitOfWork, cmd: TransferCadre) -> Appointment:
    cadre = await get_or_404(uow.session, Cadre, "cadre", cmd.cadre_id, for_update=True)
    CADRES.require(CadreState(cadre.state), "transfer")
    if cadre.office == cmd.office.value and cadre.post == cmd.post:
        raise Invalid("post", "the cadre already holds this post in this office")
    level = await post_level(uow, cmd.office, cmd.post, cmd.post_level)
    await check_vacancy(uow, cmd.office, level, cadre.id)
    assert cadre.office is not None  # in post
    from_office = Office(cadre.office)
    appointment = Appointment(
        id=new_id(),
        cadre_id=cadre.id,
        kind="transfer",
        office=cmd.office.value,
        post=cmd.post,
        post_level=level,
        effective_on=cmd.effective_on,
        created_at=uow.now,
    )
    cadre.office, cadre.post, cadre.post_level = cmd.office.value, cmd.post, level
    uow.session.add(appointment)
    uow.emit(
        cadre.id,
        CadreTransferred(
            cadre_id=cadre.id,
            appointment_id=appointment.id,
            name=cadre.name,
            from_office=from_office,
            office=cmd.office,
            post=cmd.post,
            effective_on=cmd.effective_on,
        ),
    )
    await party.follow_transfer(uow, cadre.id, cmd.office, cmd.effective_on)  # the member's branch follows
    return appointment


async def remove(uow: UnitOfWork, cmd: RemoveCadre) -> Appointment:
    cadre = await get_or_404(uow.session, Cadre, "cadre", cmd.cadre_id, for_update=True)
    state = CADRES.apply(CadreState(cadre.state), "remove")
    assert cadre.office is not None  # in post
    office = Office(cadre.office)
    line = Appointment(
        id=new_id(),
        cadre_id=cadre.id,
        kind="removal",
        office=office.value,
        post=cadre.post,
        post_level=cadre.post_level,
        reason=cmd.reason.value,
        effective_on=cmd.effective_on,
        created_at=uow.now,
    )
    cadre.office = cadre.post = cadre.post_level = None
    cadre.state, cadre.left_on, cadre.left_reason = state.value, cmd.effective_on, cmd.reason.value
    uow.session.add(line)
    uow.emit(cadre.id, CadreRemoved(cadre_id=cadre.id, office=office, reason=cmd.reason, effective_on=cmd.effective_on))
    return line


async def retire(uow: UnitOfWork, cmd: RetireCadre) -> Cadre:
    cadre: Cadre = await get_or_404(uow.session, Cadre, "cadre", cmd.cadre_id, for_update=True)
    state = CADRES.apply(CadreState(cadre.state), "retire")
    office = Office(cadre.office) if cadre.office else None
    if office is not None:
        uow.session.add(
            Appointment(
                id=new_id(),
                cadre_id=cadre.id,
                kind="retirement",
                office=office.value,
                post=cadre.post,
                post_level=cadre.post_level,
                reason="retired",
                effective_on=cmd.retired_on,
                created_at=uow.now,
            )
        )
    cadre.office = cadre.post = cadre.post_level = None
    cadre.state, cadre.left_on, cadre.left_reason = state.value, cmd.retired_on, "retired"
    uow.emit(cadre.id, CadreRetired(cadre_id=cadre.id, office=office, retired_on=cmd.retired_on))
    await party.follow_retirement(uow, cadre.id, cmd.retired_on)  # to the retirees' party branch
    return cadre


async def serving_cadre(uow: UnitOfWork, cadre_id: str, field: str) -> Cadre:
    """The cadre, unless there is none or they are retired (422 on `field`): who may act or be trained."""
    cadre: Cadre | None = await uow.session.get(Cadre, cadre_id)
    if cadre is None or cadre.state == CadreState.retired.value:
        raise Invalid(field, "not a serving cadre")
    return cadre
