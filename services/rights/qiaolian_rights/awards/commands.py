"""Award commands: open and close a call; nominate while the call is open and on or before
`closes_on`; update the dossier, submit, review, recommend (at most `quota` per call, 409 beyond it),
record the result. Events carry codes and dates only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import (
    AwardNominationRecommended,
    AwardNominationResultRecorded,
    AwardNominationSubmitted,
    AwardResult,
    NomineeKind,
)
from qiaolian_contracts.ids import new_id

from ..dates import command_date
from .rules import CALL, NOMINATION
from .tables import AwardCall, AwardNomination


@dataclass(frozen=True)
class OpenCall:
    title: str
    edition: int
    opens_on: date
    closes_on: date
    quota: int | None = None


@dataclass(frozen=True)
class CloseCall:
    call_id: str


@dataclass(frozen=True)
class Nominate:
    call_id: str
    nominee_kind: NomineeKind
    nominee_name: str
    category: str
    region: str
    dossier: str


@dataclass(frozen=True)
class UpdateDossier:
    nomination_id: str
    dossier: str


@dataclass(frozen=True)
class SubmitNomination:
    nomination_id: str


@dataclass(frozen=True)
class ReviewNomination:
    nomination_id: str
    passed: bool
    note: str | None = None
    reviewed_on: date | None = None


@dataclass(frozen=True)
class RecommendNomination:
    nomination_id: str
    recommended_on: date | None = None


@dataclass(frozen=True)
class RecordResult:
    nomination_id: str
    awarded: bool
    result_on: date | None = None


# ---- calls -------------------------------------------------------------------------------------


async def open_call(uow: UnitOfWork, cmd: OpenCall) -> AwardCall:
    if cmd.closes_on < cmd.opens_on:
        raise Invalid("closes_on", "cannot be before opens_on")
    c = AwardCall(
        id=new_id(),
        title=cmd.title,
        edition=cmd.edition,
        opens_on=cmd.opens_on,
        closes_on=cmd.closes_on,
        quota=cmd.quota,
        state="open",
        created_at=uow.now,
    )
    uow.session.add(c)
    return c


async def close_call(uow: UnitOfWork, cmd: CloseCall) -> AwardCall:
    c: AwardCall = await get_or_404(uow.session, AwardCall, "award call", cmd.call_id, for_update=True)
    c.state, c.closed_on = CALL.apply(c.state, "close"), uow.today
    return c


# ---- nominations -------------------------------------------------------------------------------


async def nominate(uow: UnitOfWork, cmd: Nominate) -> AwardNomination:
    call = await get_or_404(uow.session, AwardCall, "award call", cmd.call_id)
    on = uow.today
    if call.state != "open" or not call.opens_on <= on <= call.closes_on:
        raise Conflict(
            f"the call takes nominations from {call.opens_on} to {call.closes_on} while open",
            call_id=call.id,
            call_state=call.state,
        )
    n = AwardNomination(
        id=new_id(),
        call_id=call.id,
        nominee_kind=cmd.nominee_kind.value,
        nominee_name=cmd.nominee_name,
        category=cmd.category,
        region=cmd.region,
        dossier=cmd.dossier,
        state="dossier",
        created_at=uow.now,
    )
    uow.session.add(n)
    return n


async def _nomination(uow: UnitOfWork, nomination_id: str, command: str) -> tuple[AwardNomination, str]:
    n = await get_or_404(uow.session, AwardNomination, "award nomination", nomination_id, for_update=True)
    return n, NOMINATION.apply(n.state, command)


async def update_dossier(uow: UnitOfWork, cmd: UpdateDossier) -> AwardNomination:
    n, _ = await _nomination(uow, cmd.nomination_id, "update_dossier")
    n.dossier = cmd.dossier
    return n


async def submit(uow: UnitOfWork, cmd: SubmitNomination) -> AwardNomination:
    n, state = await _nomination(uow, cmd.nomination_id, "submit")
    call = await get_or_404(uow.session, AwardCall, "award call", n.call_id)
    on = uow.today
    if call.state != "open" or on > call.closes_on:
        raise Conflict(f"the call closed on {call.closed_on or call.closes_on}", call_id=call.id, call_state=call.state)
    n.state, n.submitted_on = state, on
    uow.emit(
        n.id,
        AwardNominationSubmitted(
            nomination_id=n.id,
            call_id=call.id,
            edition=call.edition,
            category=n.category,
            nominee_kind=NomineeKind(n.nominee_kind),
            region=n.region,
            submitted_on=on,
        ),
    )
    return n


async def review(uow: UnitOfWork, cmd: ReviewNomination) -> AwardNomination:
    n, _ = await _nomination(uow, cmd.nomination_id, "review")
    day = command_date(uow.today, cmd.reviewed_on, "reviewed_on", n.submitted_on, "the nomination was submitted")
    n.state, n.reviewed_on, n.review_note = ("reviewed" if cmd.passed else "not_recommended"), day, cmd.note
    if not cmd.passed:
        n.result_on = day
        uow.emit(
            n.id,
            AwardNominationResultRecorded(
                nomination_id=n.id, call_id=n.call_id, result=AwardResult.not_recommended, on=day
            ),
        )
    return n


async def recommend(uow: UnitOfWork, cmd: RecommendNomination) -> AwardNomination:
    n, state = await _nomination(uow, cmd.nomination_id, "recommend")
    call = await get_or_404(uow.session, AwardCall, "award call", n.call_id, for_update=True)
    if call.quota is not None:
        used = await uow.session.scalar(
            sa.select(sa.func.count())
            .select_from(AwardNomination)
            .where(AwardNomination.call_id == call.id, AwardNomination.recommended_on.is_not(None))
        )
        if (used or 0) >= call.quota:
            raise Conflict(
                f"the call's quota of {call.quota} recommendations is used up", call_id=call.id, quota=call.quota
            )
    day = command_date(uow.today, cmd.recommended_on, "recommended_on", n.reviewed_on, "the nomination was reviewed")
    n.state, n.recommended_on = state, day
    uow.emit(n.id, AwardNominationRecommended(nomination_id=n.id, call_id=n.call_id, recommended_on=day))
    return n


async def record_result(uow: UnitOfWork, cmd: RecordResult) -> AwardNomination:
    n, _ = await _nomination(uow, cmd.nomination_id, "record_result")
    day = command_date(uow.today, cmd.result_on, "result_on", n.recommended_on, "the nomination was recommended")
    result = AwardResult.awarded if cmd.awarded else AwardResult.not_awarded
    n.state, n.result_on = result.value, day
    uow.emit(n.id, AwardNominationResultRecorded(nomination_id=n.id, call_id=n.call_id, result=result, on=day))
    return n
