"""personnel's command handlers."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.errors import Conflict, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import CadreAppointed
from qiaolian_contracts.ids import new_id

from .persistence import Appointment, Cadre

APPOINTED = "qiaolian.personnel.cadre.appointed.v1"


async def register_cadre(uow: UnitOfWork, *, name: str, gender: str | None, birth_date: date | None) -> Cadre:
    cadre = Cadre(id=new_id(), name=name, gender=gender, birth_date=birth_date, created_at=uow.now)
    uow.session.add(cadre)
    return cadre


async def appoint(uow: UnitOfWork, cadre_id: str, *, office: Office, post: str, effective_on: date) -> Appointment:
    cadre = await uow.session.get(Cadre, cadre_id, with_for_update=True)
    if cadre is None:
        raise NotFound(f"cadre {cadre_id} not found")
    if cadre.office is not None:
        raise Conflict(
            f"cadre {cadre_id} already holds the post {cadre.post!r} in {cadre.office}; transfer or remove first",
            current_office=cadre.office,
        )
    appointment = Appointment(id=new_id(), cadre_id=cadre.id, office=office.value, post=post,
                              effective_on=effective_on, created_at=uow.now)
    cadre.office, cadre.post = office.value, post
    uow.session.add(appointment)
    uow.emit(APPOINTED, cadre.id, CadreAppointed(
        cadre_id=cadre.id, appointment_id=appointment.id, name=cadre.name, office=office, post=post,
        effective_on=effective_on,
    ))
    return appointment
