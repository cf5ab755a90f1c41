"""Consultation commands: register a question, answer it. `consultation.answered` carries codes and
dates only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import Channel, ConsultationAnswered, ConsultationKind, PetitionerStatus
from qiaolian_contracts.ids import new_id

from ..database import staff
from ..dates import command_date
from .rules import TRANSITIONS
from .tables import Consultation


@dataclass(frozen=True)
class RegisterConsultation:
    channel: Channel
    kind: ConsultationKind
    topic: str
    question: str
    received_on: date | None = None
    asker_name: str | None = None
    asker_status: PetitionerStatus | None = None


@dataclass(frozen=True)
class AnswerConsultation:
    consultation_id: str
    answer: str
    answered_on: date | None = None
    cadre_id: str | None = None  # the rights cadre who answered


async def register(uow: UnitOfWork, cmd: RegisterConsultation) -> Consultation:
    received_on = command_date(uow.today, cmd.received_on, "received_on", None, "")
    c = Consultation(
        id=new_id(),
        channel=cmd.channel.value,
        kind=cmd.kind.value,
        topic=cmd.topic,
        question=cmd.question,
        received_on=received_on,
        asker_name=cmd.asker_name,
        asker_status=cmd.asker_status.value if cmd.asker_status else None,
        state="open",
        created_at=uow.now,
    )
    uow.session.add(c)
    return c


async def answer(uow: UnitOfWork, cmd: AnswerConsultation) -> Consultation:
    c: Consultation = await get_or_404(uow.session, Consultation, "consultation", cmd.consultation_id, for_update=True)
    state = TRANSITIONS.apply(c.state, "answer")
    on = command_date(uow.today, cmd.answered_on, "answered_on", c.received_on, "the consultation was received")
    if cmd.cadre_id is not None and await staff.get(uow.session, cmd.cadre_id) is None:
        raise Conflict(f"cadre {cmd.cadre_id} is not on the staff of rights", cadre_id=cmd.cadre_id)
    c.state, c.answer, c.answered_on, c.answered_by_cadre_id = state, cmd.answer, on, cmd.cadre_id
    uow.emit(
        c.id,
        ConsultationAnswered(
            consultation_id=c.id,
            kind=ConsultationKind(c.kind),
            topic=c.topic,
            channel=Channel(c.channel),
            received_on=c.received_on,
            answered_on=on,
        ),
    )
    return c
