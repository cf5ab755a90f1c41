"""The call, nominations and their review, the public notice with objections, and the award."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal, signer_of
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import CommendationAwarded, CommendationPublicized
from qiaolian_contracts.ids import new_id

from ..cadres.tables import Cadre
from ..settings import PersonnelSettings
from . import queries
from .rules import (
    COMMENDATIONS,
    CommendationState,
    check_decider,
    notice_ends_on,
    require_notice_open,
    require_notice_over,
)
from .tables import Commendation, CommendationDecision, Nomination, Objection


@dataclass(frozen=True)
class CallForNominations:
    title: str
    year: int


@dataclass(frozen=True)
class Nominate:
    commendation_id: str
    nominee_kind: Literal["individual", "collective"]
    nominee_name: str
    by: Principal  # the signed-in person who nominates
    cadre_id: str | None = None  # when the nominee is one of the federation's cadres


@dataclass(frozen=True)
class ReviewNomination:
    commendation_id: str
    nomination_id: str
    approved: bool
    by: Principal  # the signed-in head, who may not review their own nomination


@dataclass(frozen=True)
class Publicize:
    commendation_id: str
    by: Principal


@dataclass(frozen=True)
class LodgeObjection:
    commendation_id: str
    nomination_id: str
    summary: str


@dataclass(frozen=True)
class ResolveObjection:
    commendation_id: str
    objection_id: str
    upheld: bool  # an upheld objection withdraws the nomination
    by: Principal


@dataclass(frozen=True)
class Award:
    commendation_id: str
    by: Principal


async def _commendation(uow: UnitOfWork, commendation_id: str, command: str) -> Commendation:
    c: Commendation = await get_or_404(uow.session, Commendation, "commendation", commendation_id, for_update=True)
    COMMENDATIONS.require(CommendationState(c.state), command)
    return c


async def _nomination(uow: UnitOfWork, c: Commendation, nomination_id: str) -> Nomination:
    n: Nomination | None = await uow.session.get(Nomination, nomination_id, with_for_update=True)
    if n is None or n.commendation_id != c.id:
        raise NotFound(f"nomination {nomination_id} not found in commendation {c.id}")
    return n


def _own(nominations: list[Nomination]) -> list[str | None]:
    """The people for whom these nominations are their own: the nominees who are cadres, the nominators."""
    return [p for n in nominations for p in (n.cadre_id, n.nominated_by)]


async def _decide(
    uow: UnitOfWork, c: Commendation, step: str | None, by: Principal, nominations: list[Nomination]
) -> None:
    """Separation of duties for `step` (None: an objection), then the decision recorded (`step` only)."""
    rows = (
        await uow.session.scalars(sa.select(CommendationDecision).where(CommendationDecision.commendation_id == c.id))
    ).all()
    signer = signer_of(by)
    check_decider(signer, by.cadre_id, step, _own(nominations), {r.decided_by: r.step for r in rows})
    if step is not None:
        nomination_id = nominations[0].id if step == "review" else None
        uow.session.add(
            CommendationDecision(
                id=new_id(),
                commendation_id=c.id,
                step=step,
                nomination_id=nomination_id,
                decided_by=signer,
                decided_at=uow.now,
            )
        )


async def call(uow: UnitOfWork, cmd: CallForNominations) -> Commendation:
    c = Commendation(
        id=new_id(), title=cmd.title, year=cmd.year, state=CommendationState.called.value, created_at=uow.now
    )
    uow.session.add(c)
    return c


async def nominate(uow: UnitOfWork, cmd: Nominate) -> Nomination:
    c = await _commendation(uow, cmd.commendation_id, "nominate")
    if cmd.cadre_id is not None:
        if cmd.nominee_kind != "individual":
            raise Invalid("cadre_id", "only an individual nominee can be a cadre")
        if await uow.session.get(Cadre, cmd.cadre_id) is None:
            raise Invalid("cadre_id", "no such cadre")
    n = Nomination(
        id=new_id(),
        commendation_id=c.id,
        nominee_kind=cmd.nominee_kind,
        nominee_name=cmd.nominee_name,
        cadre_id=cmd.cadre_id,
        nominated_by=signer_of(cmd.by),
        state="nominated",
        created_at=uow.now,
    )
    uow.session.add(n)
    return n


async def review(uow: UnitOfWork, cmd: ReviewNomination) -> Nomination:
    c = await _commendation(uow, cmd.commendation_id, "review")
    n = await _nomination(uow, c, cmd.nomination_id)
    await _decide(uow, c, "review", cmd.by, [n])
    n.state = "approved" if cmd.approved else "not_approved"
    return n


async def publicize(uow: UnitOfWork, cmd: Publicize) -> Commendation:
    c = await _commendation(uow, cmd.commendation_id, "publicize")
    nominations = (await uow.session.scalars(queries.nominations(c.id))).all()
    pending = [n.id for n in nominations if n.state == "nominated"]
    if pending:
        raise Conflict(f"{len(pending)} nominations are not reviewed yet", pending_nominations=pending)
    approved = [n.id for n in nominations if n.state == "approved"]
    if not approved:
        raise Conflict("no nomination was approved: nothing to publicize", current_state=c.state)
    await _decide(uow, c, "publicize", cmd.by, [n for n in nominations if n.state == "approved"])
    c.notice_starts_on = uow.today
    c.notice_ends_on = notice_ends_on(c.notice_starts_on, PersonnelSettings().commendation_notice_days)
    c.state = COMMENDATIONS.apply(CommendationState(c.state), "publicize").value
    uow.emit(
        c.id,
        CommendationPublicized(
            commendation_id=c.id,
            nomination_ids=approved,
            notice_starts_on=c.notice_starts_on,
            notice_ends_on=c.notice_ends_on,
        ),
    )
    return c


async def lodge_objection(uow: UnitOfWork, cmd: LodgeObjection) -> Objection:
    c = await _commendation(uow, cmd.commendation_id, "object")
    assert c.notice_ends_on is not None
    require_notice_open(uow.today, c.notice_ends_on)
    n = await _nomination(uow, c, cmd.nomination_id)
    if n.state != "approved":
        raise Conflict(f"nomination {n.id} is {n.state}, not on public notice", current_state=n.state)
    o = Objection(
        id=new_id(), nomination_id=n.id, lodged_on=uow.today, summary=cmd.summary, state="lodged", created_at=uow.now
    )
    uow.session.add(o)
    return o


async def resolve_objection(uow: UnitOfWork, cmd: ResolveObjection) -> Objection:
    c = await _commendation(uow, cmd.commendation_id, "resolve objection")
    o: Objection | None = await uow.session.get(Objection, cmd.objection_id, with_for_update=True)
    n = await uow.session.get(Nomination, o.nomination_id) if o is not None else None
    if o is None or n is None or n.commendation_id != c.id:
        raise NotFound(f"objection {cmd.objection_id} not found in commendation {c.id}")
    if o.state != "lodged":
        raise Conflict(f"objection {o.id} was already {o.state}", current_state=o.state)
    await _decide(uow, c, None, cmd.by, [n])
    o.state = "upheld" if cmd.upheld else "dismissed"
    if cmd.upheld:
        n.state = "withdrawn"
    return o


async def award(uow: UnitOfWork, cmd: Award) -> Commendation:
    c = await _commendation(uow, cmd.commendation_id, "award")
    assert c.notice_ends_on is not None
    require_notice_over(uow.today, c.notice_ends_on)
    open_objections = (
        await uow.session.scalars(
            sa.select(Objection.id)
            .join(Nomination)
            .where(Nomination.commendation_id == c.id, Objection.state == "lodged")
        )
    ).all()
    if open_objections:
        raise Conflict(f"{len(open_objections)} objections are not resolved", open_objections=list(open_objections))
    awarded = (await uow.session.scalars(queries.nominations(c.id, state="approved"))).all()
    await _decide(uow, c, "award", cmd.by, list(awarded))
    for n in awarded:
        n.state = "awarded"
    c.state = COMMENDATIONS.apply(CommendationState(c.state), "award").value
    c.decided_on = uow.today
    uow.emit(
        c.id, CommendationAwarded(commendation_id=c.id, nomination_ids=[n.id for n in awarded], decided_on=uow.today)
    )
    return c
