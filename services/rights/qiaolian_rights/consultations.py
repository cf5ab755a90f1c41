"""Legal and policy consultations (法律/政策諮詢): a question is registered and answered quickly.

States: `open` → `answered` (the only command, `answer`, is allowed once; otherwise 409 with the
current state and the allowed commands). The asker's name and the question and answer stay here;
`consultation.answered` carries codes and dates only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import Channel, ConsultationAnswered, ConsultationKind, PetitionerStatus
from qiaolian_contracts.ids import new_id

from .domain import Machine, command_date
from .persistence import Base, equal_to, get_or_404, staff

ANSWERED = "qiaolian.rights.consultation.answered.v1"

MACHINE = Machine("consultation", {"answer": (frozenset({"open"}), "answered")})


class Consultation(Base):
    __tablename__ = "consultations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20))
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    topic: Mapped[str] = mapped_column(sa.String(64), index=True)
    asker_name: Mapped[str | None] = mapped_column(sa.String(100))
    asker_status: Mapped[str | None] = mapped_column(sa.String(40))
    question: Mapped[str] = mapped_column(sa.Text)
    received_on: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_on: Mapped[date | None] = mapped_column(sa.Date)
    answered_by_cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# ---- commands ----------------------------------------------------------------------------------

async def register(uow: UnitOfWork, clock: Clock, *, channel: Channel, kind: ConsultationKind, topic: str,
                   question: str, received_on: date | None, asker_name: str | None,
                   asker_status: PetitionerStatus | None) -> Consultation:
    received_on = command_date(today(clock), received_on, "received_on", None, "")
    c = Consultation(id=new_id(), channel=channel.value, kind=kind.value, topic=topic, question=question,
                     received_on=received_on, asker_name=asker_name,
                     asker_status=asker_status.value if asker_status else None, state="open", created_at=uow.now)
    uow.session.add(c)
    return c


async def answer(uow: UnitOfWork, clock: Clock, consultation_id: str, *, text: str, answered_on: date | None,
                 cadre_id: str | None) -> Consultation:
    c = await get_or_404(uow.session, Consultation, "consultation", consultation_id, for_update=True)
    state = MACHINE.apply(c.state, "answer")
    on = command_date(today(clock), answered_on, "answered_on", c.received_on, "the consultation was received")
    if cadre_id is not None and await staff.get(uow.session, cadre_id) is None:
        raise Conflict(f"cadre {cadre_id} is not on the staff of rights", cadre_id=cadre_id)
    c.state, c.answer, c.answered_on, c.answered_by_cadre_id = state, text, on, cadre_id
    uow.emit(c.id, ConsultationAnswered(
        consultation_id=c.id, kind=ConsultationKind(c.kind), topic=c.topic, channel=Channel(c.channel),
        received_on=c.received_on, answered_on=on))
    return c


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["consultations"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class RegisterConsultation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channel: Channel
    kind: ConsultationKind
    topic: Code = Field(description="topic code, e.g. inheritance, property, immigration, education")
    question: Annotated[Text, StringConstraints(max_length=5000)]
    received_on: date | None = None
    asker_name: Annotated[Text, StringConstraints(max_length=100)] | None = None
    asker_status: PetitionerStatus | None = None


class AnswerConsultation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: Annotated[Text, StringConstraints(max_length=10000)]
    answered_on: date | None = None
    cadre_id: Annotated[Text, StringConstraints(max_length=64)] | None = Field(
        None, description="the rights cadre who answered")


class ConsultationOut(BaseModel):
    id: str
    channel: Channel
    kind: ConsultationKind
    topic: str
    asker_name: str | None
    asker_status: PetitionerStatus | None
    question: str
    received_on: date
    state: str
    answer: str | None
    answered_on: date | None
    answered_by_cadre_id: str | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, c: Consultation) -> ConsultationOut:
        return cls(id=c.id, channel=Channel(c.channel), kind=ConsultationKind(c.kind), topic=c.topic,
                   asker_name=c.asker_name, asker_status=PetitionerStatus(c.asker_status) if c.asker_status else None,
                   question=c.question, received_on=c.received_on, state=c.state, answer=c.answer,
                   answered_on=c.answered_on, answered_by_cadre_id=c.answered_by_cadre_id,
                   allowed_commands=MACHINE.allowed(c.state))


@router.post("/consultations", status_code=201, summary="Register a legal or policy consultation")
async def register_consultation(body: RegisterConsultation, request: Request) -> ConsultationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await register(uow, svc.clock, channel=body.channel, kind=body.kind, topic=body.topic,
                           question=body.question, received_on=body.received_on, asker_name=body.asker_name,
                           asker_status=body.asker_status)
    return ConsultationOut.of(c)


@router.get("/consultations", summary="List consultations")
async def list_consultations(
    request: Request, state: str | None = Query(None, pattern="^(open|answered)$"),
    kind: ConsultationKind | None = None, topic: Code | None = None,
    received_from: date | None = None, received_to: date | None = None, page: PageParams = Depends(page_params),
) -> Page[ConsultationOut]:
    where = equal_to((Consultation.state, state), (Consultation.kind, kind), (Consultation.topic, topic))
    if received_from:
        where.append(Consultation.received_on >= received_from)
    if received_to:
        where.append(Consultation.received_on <= received_to)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Consultation).where(*where)
                              .order_by(Consultation.received_on.desc(), Consultation.id.desc()),
                              page, ConsultationOut.of)


@router.get("/consultations/{consultation_id}", summary="One consultation")
async def get_consultation(consultation_id: str, request: Request) -> ConsultationOut:
    async with get_service(request).db.sessions() as s:
        return ConsultationOut.of(await get_or_404(s, Consultation, "consultation", consultation_id))


@router.post("/consultations/{consultation_id}/answer", summary="Answer and close a consultation")
async def answer_consultation(consultation_id: str, body: AnswerConsultation, request: Request) -> ConsultationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await answer(uow, svc.clock, consultation_id, text=body.answer, answered_on=body.answered_on,
                         cadre_id=body.cadre_id)
    return ConsultationOut.of(c)
