"""Dispute commands: open, refer, settle, record that mediation failed. Events carry ids, codes, dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import DisputeForum, DisputeOutcome, DisputeReferred
from qiaolian_contracts.ids import new_id

from ..dates import command_date
from ..petitions import access as petition_access
from ..petitions.tables import Petition
from .rules import TRANSITIONS
from .tables import Dispute


@dataclass(frozen=True)
class OpenDispute:
    category: str
    facts: str
    parties: list[str] = field(default_factory=list)
    petition_id: str | None = None


@dataclass(frozen=True)
class ReferDispute:
    dispute_id: str
    forum: DisputeForum
    forum_name: str
    referred_on: date | None = None


@dataclass(frozen=True)
class SettleDispute:
    """An agreement (調解協議)."""

    dispute_id: str
    on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class RecordMediationFailure:
    dispute_id: str
    on: date | None = None
    note: str | None = None


async def _load(uow: UnitOfWork, dispute_id: str) -> Dispute:
    d: Dispute = await get_or_404(uow.session, Dispute, "dispute", dispute_id, for_update=True)
    return d


async def open_dispute(uow: UnitOfWork, cmd: OpenDispute, who: Principal | None = None) -> Dispute:
    """`who`: the person opening it; a report-and-accusation petition they may not see does not exist."""
    if cmd.petition_id is not None:
        p = await uow.session.get(Petition, cmd.petition_id)
        if p is None or (who is not None and not petition_access.sees(who, p.petition_class, p.handler_cadre_id)):
            raise Invalid("petition_id", "no such petition")
    d = Dispute(
        id=new_id(),
        petition_id=cmd.petition_id,
        category=cmd.category,
        parties=list(cmd.parties),
        facts=cmd.facts,
        state="open",
        referrals=0,
        created_at=uow.now,
    )
    uow.session.add(d)
    return d


async def refer(uow: UnitOfWork, cmd: ReferDispute) -> Dispute:
    d = await _load(uow, cmd.dispute_id)
    target = TRANSITIONS.apply(d.state, "refer")
    on = command_date(uow.today, cmd.referred_on, "referred_on", d.outcome_on, "the failed mediation")
    d.state, d.forum, d.forum_name, d.referred_on = target, cmd.forum.value, cmd.forum_name, on
    d.outcome_on, d.outcome_note, d.referrals = None, None, (d.referrals or 0) + 1
    uow.emit(
        d.id,
        DisputeReferred(
            dispute_id=d.id, petition_id=d.petition_id, category=d.category, forum=cmd.forum, referred_on=on
        ),
    )
    return d


async def settle(uow: UnitOfWork, cmd: SettleDispute) -> Dispute:
    return await _conclude(uow, cmd.dispute_id, "settle", "settled", cmd.on, cmd.note)


async def record_failure(uow: UnitOfWork, cmd: RecordMediationFailure) -> Dispute:
    return await _conclude(uow, cmd.dispute_id, "record_failure", "mediation_failed", cmd.on, cmd.note)


async def _conclude(
    uow: UnitOfWork, dispute_id: str, command: str, fact: str, on: date | None, note: str | None
) -> Dispute:
    d = await _load(uow, dispute_id)
    target = TRANSITIONS.apply(d.state, command)
    day = command_date(uow.today, on, "on", d.referred_on, "the referral")
    d.state, d.outcome_on, d.outcome_note = target, day, note
    uow.emit(
        d.id,
        DisputeOutcome(dispute_id=d.id, petition_id=d.petition_id, forum=DisputeForum(d.forum or "mediator"), on=day),
        event_type=f"qiaolian.rights.dispute.{fact}.v1",
    )
    return d
