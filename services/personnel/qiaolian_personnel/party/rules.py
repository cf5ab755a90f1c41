"""A branch's rules: its kind, members' roles, the 三會一課 meeting kinds, the committee's term (its end is
a deadline of kind PARTY_TERM, subject: the branch) and who may attend a meeting."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_contracts.events.personnel import PartyBranchElectionDue

PARTY_TERM = "party_branch_term"


class BranchKind(StrEnum):
    organ = "organ"  # the cadres of one office
    retirees = "retirees"  # 離退休幹部黨支部: retired cadres join it on retirement


class MemberRole(StrEnum):
    secretary = "secretary"
    deputy_secretary = "deputy_secretary"
    committee_member = "committee_member"
    member = "member"


class MeetingKind(StrEnum):
    """三會一課: 支部黨員大會, 支部委員會, 黨小組會, 黨課."""

    branch_assembly = "branch_assembly"
    committee_meeting = "committee_meeting"
    group_meeting = "group_meeting"
    party_lecture = "party_lecture"


class TransferReason(StrEnum):
    transferred = "transferred"  # the cadre moved to another office
    retired = "retired"  # to the retirees' branch
    placed = "placed"  # placed by hand after waiting without a branch


def election_due(branch_id: str, term_ends_on: date, _which: str) -> PartyBranchElectionDue:
    return PartyBranchElectionDue(branch_id=branch_id, term_ends_on=term_ends_on)


def check_branch(kind: BranchKind, office: str | None) -> None:
    if kind is BranchKind.organ and office is None:
        raise Invalid("office", "an organ branch is the branch of one office")
    if kind is BranchKind.retirees and office is not None:
        raise Invalid("office", "the retirees' branch belongs to no office")


def check_term(elected_on: date, starts_on: date, ends_on: date, current_ends_on: date | None) -> None:
    if ends_on <= starts_on:
        raise Invalid("ends_on", "must be after starts_on")
    if elected_on > starts_on:
        raise Invalid("elected_on", "the committee is elected before its term starts")
    if current_ends_on is not None and starts_on < current_ends_on and ends_on <= current_ends_on:
        raise Invalid("ends_on", "the new term must end after the current one")


def check_attendees(attendees: list[str], members: set[str]) -> None:
    if len(set(attendees)) != len(attendees):
        raise Invalid("attendees", "a member is listed twice")
    if strangers := [a for a in attendees if a not in members]:
        raise Invalid("attendees", f"not members of this branch: {', '.join(strangers)}")


def check_held(held_on: date, today: date) -> None:
    if held_on > today:
        raise Invalid("held_on", "a meeting is recorded once held")


def check_not_member(cadre_id: str, branch_id: str | None) -> None:
    if branch_id is not None:
        raise Conflict(f"cadre {cadre_id} is already a member of branch {branch_id}", branch_id=branch_id)
