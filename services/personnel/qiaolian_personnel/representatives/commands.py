"""Nominating a representative, recording the seat and its term (published), or that none was won,
and the end of the term: served, re-elected or replaced early (published: the board's watch is met)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import (
    Assembly,
    AssemblyLevel,
    RepresentativeSeated,
    RepresentativeTermEnded,
    TermEndReason,
)
from qiaolian_contracts.ids import new_id

from .rules import REPRESENTATIVES, RepState, check_seat, check_term_end
from .tables import Representative


@dataclass(frozen=True)
class NominateRepresentative:
    name: str
    identity: str  # returnee, relative
    assembly: Assembly
    level: AssemblyLevel
    session_no: int  # the assembly's session (屆)
    nominated_on: date


@dataclass(frozen=True)
class SeatRepresentative:
    representative_id: str
    seated_on: date
    term_ends_on: date


@dataclass(frozen=True)
class DeclineRepresentative:
    representative_id: str


@dataclass(frozen=True)
class EndTerm:
    representative_id: str
    ended_on: date
    reason: TermEndReason = TermEndReason.served


async def _representative(uow: UnitOfWork, rep_id: str, command: str) -> tuple[Representative, RepState]:
    """The representative, locked, and the state `command` leads to (409 when it is not allowed)."""
    r = await get_or_404(uow.session, Representative, "representative", rep_id, for_update=True)
    return r, REPRESENTATIVES.apply(RepState(r.state), command)


async def nominate(uow: UnitOfWork, cmd: NominateRepresentative) -> Representative:
    r = Representative(
        id=new_id(),
        name=cmd.name,
        identity=cmd.identity,
        assembly=cmd.assembly.value,
        level=cmd.level.value,
        session_no=cmd.session_no,
        state=RepState.nominated.value,
        nominated_on=cmd.nominated_on,
        created_at=uow.now,
    )
    uow.session.add(r)
    return r


async def seat(uow: UnitOfWork, cmd: SeatRepresentative) -> Representative:
    r, state = await _representative(uow, cmd.representative_id, "seat")
    check_seat(r.nominated_on, cmd.seated_on, cmd.term_ends_on)
    r.state, r.seated_on, r.term_ends_on = state.value, cmd.seated_on, cmd.term_ends_on
    uow.emit(
        r.id,
        RepresentativeSeated(
            representative_id=r.id,
            assembly=Assembly(r.assembly),
            level=AssemblyLevel(r.level),
            session_no=r.session_no,
            seated_on=cmd.seated_on,
            term_ends_on=cmd.term_ends_on,
        ),
    )
    return r


async def decline(uow: UnitOfWork, cmd: DeclineRepresentative) -> Representative:
    r, state = await _representative(uow, cmd.representative_id, "decline")
    r.state = state.value
    return r


async def end_term(uow: UnitOfWork, cmd: EndTerm) -> Representative:
    r, state = await _representative(uow, cmd.representative_id, "end_term")
    check_term_end(r.seated_on, cmd.ended_on)
    r.state, r.term_ends_on, r.end_reason = state.value, cmd.ended_on, cmd.reason.value
    uow.emit(r.id, RepresentativeTermEnded(representative_id=r.id, ended_on=cmd.ended_on, reason=cmd.reason))
    return r
