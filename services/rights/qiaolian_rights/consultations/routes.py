"""The HTTP API of consultations."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params
from qiaolian_chassis.service import audit_read, get_service
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import Channel, ConsultationKind, PetitionerStatus

from . import commands, queries
from .rules import TRANSITIONS
from .tables import Consultation

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["consultations"])


class RegisterConsultation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channel: Channel
    kind: ConsultationKind
    topic: Code = Field(description="topic code, e.g. inheritance, property, immigration, education")
    question: Annotated[Text, StringConstraints(max_length=5000)]
    received_on: Day | None = None
    asker_name: Annotated[Text, StringConstraints(max_length=100)] | None = None
    asker_status: PetitionerStatus | None = None


class AnswerConsultation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: Annotated[Text, StringConstraints(max_length=10000)]
    answered_on: Day | None = None


# the personal fields of a consultation (ACCESS.md: askers and questions; rights.* and leader, who
# are those holding rights.read)
PERSONAL = ("asker_name", "question")


def personal(outs: list[ConsultationOut]) -> list[str]:
    return [f for f in PERSONAL if any(getattr(o, f) is not None for o in outs)]


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
        return cls(
            id=c.id,
            channel=Channel(c.channel),
            kind=ConsultationKind(c.kind),
            topic=c.topic,
            asker_name=c.asker_name,
            asker_status=PetitionerStatus(c.asker_status) if c.asker_status else None,
            question=c.question,
            received_on=c.received_on,
            state=c.state,
            answer=c.answer,
            answered_on=c.answered_on,
            answered_by_cadre_id=c.answered_by_cadre_id,
            allowed_commands=TRANSITIONS.commands(c.state),
        )


@router.post("/consultations", dependencies=[WRITE], status_code=201, summary="Register a legal or policy consultation")
async def register_consultation(body: RegisterConsultation, request: Request) -> ConsultationOut:
    async with get_service(request).uow() as uow:
        c = await commands.register(uow, commands.RegisterConsultation(**body.model_dump()))
    return ConsultationOut.of(c)


@router.get("/consultations", dependencies=[READ], summary="List consultations")
async def list_consultations(
    request: Request,
    state: str | None = Query(None, pattern="^(open|answered)$"),
    kind: ConsultationKind | None = None,
    topic: Code | None = None,
    received_from: Day | None = None,
    received_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ConsultationOut]:
    async with get_service(request).db.sessions() as s:
        found = await queries.consultations(
            s,
            page,
            ConsultationOut.of,
            state=state,
            kind=kind,
            topic=topic,
            received_from=received_from,
            received_to=received_to,
        )
    await audit_read(request, [c.id for c in found.items], personal(found.items))
    return found


@router.get("/consultations/{consultation_id}", dependencies=[READ], summary="One consultation")
async def get_consultation(consultation_id: str, request: Request) -> ConsultationOut:
    async with get_service(request).db.sessions() as s:
        out = ConsultationOut.of(await get_or_404(s, Consultation, "consultation", consultation_id))
    await audit_read(request, [out.id], personal([out]))
    return out


@router.post("/consultations/{consultation_id}/answer", summary="Answer and close a consultation")
async def answer_consultation(
    consultation_id: str, body: AnswerConsultation, request: Request, who: Principal = WRITE
) -> ConsultationOut:
    cmd = commands.AnswerConsultation(consultation_id=consultation_id, cadre_id=who.cadre_id, **body.model_dump())
    async with get_service(request).uow() as uow:
        c = await commands.answer(uow, cmd)
    return ConsultationOut.of(c)
