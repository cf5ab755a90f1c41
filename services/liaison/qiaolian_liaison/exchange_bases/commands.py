"""Commands on cultural exchange bases (accreditation, review) and activities. The next review of an
accredited base is a deadline the scheduler watches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import (
    BaseReviewOutcome,
    ExchangeActivityHeld,
    ExchangeBaseAccredited,
    ExchangeBaseReviewed,
)
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from . import rules
from .rules import BASE_REVIEW
from .tables import ExchangeActivity, ExchangeBase


@dataclass(frozen=True)
class Accredit:
    name: str
    location: str
    accredited_on: date
    review_due_on: date


@dataclass(frozen=True)
class ReviewBase:
    base_id: str
    reviewed_on: date
    outcome: BaseReviewOutcome
    next_review_on: date | None = None


@dataclass(frozen=True)
class RecordActivity:
    title: str
    kind: str
    held_on: date
    participants: int
    country: str | None = None
    base_id: str | None = None


async def accredit(uow: UnitOfWork, cmd: Accredit) -> ExchangeBase:
    rules.check_accreditation(cmd.accredited_on, cmd.review_due_on)
    b = ExchangeBase(
        id=new_id(),
        name=cmd.name,
        location=cmd.location,
        accredited_on=cmd.accredited_on,
        review_due_on=cmd.review_due_on,
        state="accredited",
        created_at=uow.now,
    )
    uow.session.add(b)
    await deadlines.set(uow, BASE_REVIEW, b.id, cmd.review_due_on)
    uow.emit(
        b.id,
        ExchangeBaseAccredited(
            base_id=b.id, name=b.name, accredited_on=b.accredited_on, review_due_on=cmd.review_due_on
        ),
    )
    return b


async def review(uow: UnitOfWork, cmd: ReviewBase) -> ExchangeBase:
    b: ExchangeBase = await get_or_404(uow.session, ExchangeBase, "exchange base", cmd.base_id, for_update=True)
    rules.check_review(b.id, b.state, b.accredited_on, cmd.reviewed_on, cmd.outcome, cmd.next_review_on)
    if cmd.outcome == BaseReviewOutcome.renewed and cmd.next_review_on is not None:
        b.review_due_on = cmd.next_review_on
        await deadlines.set(uow, BASE_REVIEW, b.id, cmd.next_review_on)  # the next review is watched
    else:
        b.state, b.review_due_on = "revoked", None
        await deadlines.meet(uow, BASE_REVIEW, b.id, cmd.reviewed_on)
    b.last_reviewed_on = cmd.reviewed_on
    uow.emit(
        b.id,
        ExchangeBaseReviewed(
            base_id=b.id, reviewed_on=cmd.reviewed_on, outcome=cmd.outcome, next_review_on=cmd.next_review_on
        ),
    )
    return b


async def record_activity(uow: UnitOfWork, cmd: RecordActivity) -> ExchangeActivity:
    rules.check_held(cmd.held_on, uow.today)
    if cmd.base_id and await uow.session.get(ExchangeBase, cmd.base_id) is None:
        raise Invalid("base_id", "no such exchange base")
    a = ExchangeActivity(
        id=new_id(),
        title=cmd.title,
        kind=cmd.kind,
        country=cmd.country,
        held_on=cmd.held_on,
        participants=cmd.participants,
        base_id=cmd.base_id,
        created_at=uow.now,
    )
    uow.session.add(a)
    uow.emit(
        a.id,
        ExchangeActivityHeld(
            activity_id=a.id,
            kind=a.kind,
            country=a.country,
            held_on=a.held_on,
            participants=a.participants,
            base_id=a.base_id,
        ),
    )
    return a
