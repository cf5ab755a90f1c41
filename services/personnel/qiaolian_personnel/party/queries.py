"""Reads of party branches, their members, terms, meetings with attendance, and members' transfers."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from qiaolian_chassis.db import filters

from ..cadres.tables import Cadre
from .tables import PartyBranch, PartyBranchTerm, PartyMeeting, PartyMeetingAttendance, PartyMember, PartyTransfer


def branches(*, kind: str | None = None) -> sa.Select[Any]:
    return sa.select(PartyBranch).where(*filters((PartyBranch.kind, kind))).order_by(PartyBranch.name, PartyBranch.id)


async def member_count(session: AsyncSession, branch_id: str) -> int:
    n = await session.scalar(sa.select(sa.func.count()).where(PartyMember.branch_id == branch_id))
    return int(n or 0)


def members(branch_id: str) -> Any:
    """A branch's members with their names (officials of the directory), by name."""
    return (
        sa.select(PartyMember, Cadre.name)
        .join(Cadre, Cadre.id == PartyMember.cadre_id)
        .where(PartyMember.branch_id == branch_id)
        .order_by(Cadre.name, PartyMember.id)
    )


async def terms(session: AsyncSession, branch_id: str) -> list[PartyBranchTerm]:
    rows = await session.scalars(
        sa.select(PartyBranchTerm).where(PartyBranchTerm.branch_id == branch_id).order_by(PartyBranchTerm.starts_on)
    )
    return list(rows.all())


def meetings(
    branch_id: str, *, kind: str | None = None, held_after: date | None = None, held_before: date | None = None
) -> sa.Select[Any]:
    """A branch's meetings, the latest first."""
    return (
        sa.select(PartyMeeting)
        .where(
            PartyMeeting.branch_id == branch_id,
            *filters((PartyMeeting.kind, kind), ranges=((PartyMeeting.held_on, held_after, held_before),)),
        )
        .order_by(PartyMeeting.held_on.desc(), PartyMeeting.id)
    )


async def attendees(session: AsyncSession, meeting_ids: list[str]) -> dict[str, list[str]]:
    rows = await session.execute(
        sa.select(PartyMeetingAttendance.meeting_id, PartyMeetingAttendance.cadre_id)
        .where(PartyMeetingAttendance.meeting_id.in_(meeting_ids))
        .order_by(PartyMeetingAttendance.cadre_id)
    )
    out: dict[str, list[str]] = {i: [] for i in meeting_ids}
    for meeting_id, cadre_id in rows.all():
        out[meeting_id].append(cadre_id)
    return out


def transfers(*, cadre_id: str | None = None, awaiting: bool | None = None) -> sa.Select[Any]:
    """Members' transfers, the latest first; `awaiting`: those left without a branch."""
    stmt = sa.select(PartyTransfer).where(*filters((PartyTransfer.cadre_id, cadre_id)))
    if awaiting is not None:
        stmt = stmt.where(PartyTransfer.to_branch_id.is_(None) if awaiting else PartyTransfer.to_branch_id.is_not(None))
    return stmt.order_by(PartyTransfer.on.desc(), PartyTransfer.created_at.desc(), PartyTransfer.id)
