"""How every petition command starts and ends: load the petition, check the command against the
table (409 with the current state and the allowed commands), take its date (422), then carry out the
rule's effect on state and deadlines, publishing `petition.deadline_changed` for each so that office's
supervision board follows them."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.statemachine import Rule
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.calendar import Calendar, default_calendar
from qiaolian_contracts.events.rights import DeadlineChange, PetitionDeadlineChanged, PetitionDeadlineKind

from ..database import deadlines
from ..dates import command_date
from .rules import TRANSITIONS, UNSUPERVISED, PetitionState
from .tables import Petition


def calendar() -> Calendar:
    return default_calendar()


def _name(kind: PetitionDeadlineKind) -> str:
    name: str = BoardItemKind.of_petition(kind).value
    return name


async def load(uow: UnitOfWork, petition_id: str) -> Petition:
    p: Petition = await get_or_404(uow.session, Petition, "petition", petition_id, for_update=True)
    return p


async def begin(
    uow: UnitOfWork, petition_id: str, command: str, value: date | None, field: str, after: str, what: str
) -> tuple[Petition, date]:
    """Load the petition, check the command is allowed now (409), then its date (422): not before `after`."""
    p = await load(uow, petition_id)
    TRANSITIONS.require(PetitionState(p.state), command, p.flags)
    return p, command_date(uow.today, value, field, getattr(p, after), what)


async def set_deadline(
    uow: UnitOfWork, petition_id: str, kind: PetitionDeadlineKind, due: date, announce: bool = True
) -> None:
    """Open or move a deadline; `announce=False` when the command's own fact already carries the date
    (unless it is provisional, which only `deadline_changed` says)."""
    provisional = await deadlines.set(uow, _name(kind), petition_id, due)
    if (announce or provisional) and kind not in UNSUPERVISED:
        announce_set(uow, petition_id, kind, due, provisional)


async def set_deadlines(
    uow: UnitOfWork, petition_id: str, dues: list[tuple[PetitionDeadlineKind, date, bool]]
) -> list[PetitionDeadlineKind]:
    """`set_deadline` for several deadlines of one petition, written in one statement; returns the
    kinds whose dates are provisional, by due date (as `queries.provisional_deadlines` orders them)."""
    provisional = await deadlines.set_many(uow, petition_id, {_name(kind): due for kind, due, _ in dues})
    for kind, due, announce in dues:
        if (announce or provisional[_name(kind)]) and kind not in UNSUPERVISED:
            announce_set(uow, petition_id, kind, due, provisional[_name(kind)])
    return [kind for kind, due, _ in sorted(dues, key=lambda d: (d[1], _name(d[0]))) if provisional[_name(kind)]]


def announce_set(uow: UnitOfWork, petition_id: str, kind: PetitionDeadlineKind, due: date, provisional: bool) -> None:
    uow.emit(
        petition_id,
        PetitionDeadlineChanged(
            petition_id=petition_id, deadline=kind, change=DeadlineChange.set, due_on=due, provisional=provisional
        ),
    )


async def _close_deadline(uow: UnitOfWork, petition_id: str, kind: PetitionDeadlineKind, met_on: date | None) -> None:
    row = await deadlines.get(uow.session, _name(kind), petition_id)
    if row is None or row.state not in ("open", "paused"):
        return
    if met_on is None:
        await deadlines.cancel(uow, _name(kind), petition_id)
    else:
        await deadlines.meet(uow, _name(kind), petition_id, met_on)
    if kind in UNSUPERVISED:
        return
    uow.emit(
        petition_id,
        PetitionDeadlineChanged(
            petition_id=petition_id,
            deadline=kind,
            change=DeadlineChange.met if met_on else DeadlineChange.cancelled,
            due_on=row.due_on,
            on=met_on,
        ),
    )


async def cancel_deadline(uow: UnitOfWork, petition_id: str, kind: PetitionDeadlineKind) -> None:
    """Cancel a running deadline whose duty fell away (a notice waived), announcing it."""
    await _close_deadline(uow, petition_id, kind, None)


async def carry_out(
    uow: UnitOfWork, p: Petition, command: str, on: date, dues: dict[PetitionDeadlineKind, date] | None = None
) -> Rule:
    """Check `command` against the table, then carry out its effect on state and deadlines."""
    rule = TRANSITIONS.require(PetitionState(p.state), command, p.flags)
    dues = dues or {}
    for k in rule.meets:
        await _close_deadline(uow, p.id, k, on)
    for k in rule.cancels:
        await _close_deadline(uow, p.id, k, None)
    for k in rule.opens + rule.moves:
        await set_deadline(uow, p.id, k, dues[k])
    for k in rule.pauses:
        await deadlines.pause(uow, _name(k), p.id, on)
    for k in rule.resumes:
        await deadlines.resume(uow, _name(k), p.id, on)
        await set_deadline(uow, p.id, k, dues[k])  # the resumed date, rolled off rest days
    if rule.target is not None:
        p.state = rule.target.value
    return rule
