"""The kinds of item on office's supervision board (督查督辦), shared by office and the producers of
the deadlines it follows. A kind names what is due; the item's `source_id` names the record."""

from __future__ import annotations

from enum import StrEnum

from .events.rights import PetitionDeadlineKind


class BoardItemKind(StrEnum):
    # rights: the statutory deadlines of a petition, one kind per deadline (petition_<deadline>)
    petition_first_decision = "petition_first_decision"
    petition_notice = "petition_notice"
    petition_handling = "petition_handling"
    petition_transfer_acknowledgement = "petition_transfer_acknowledgement"
    petition_transfer_objection = "petition_transfer_objection"
    petition_feedback = "petition_feedback"
    petition_review = "petition_review"
    petition_rereview = "petition_rereview"
    # personnel
    federation_election = "federation_election"
    congress = "congress"  # a congress of returnees and relatives, open until its committee is elected
    party_branch_election = "party_branch_election"  # a party branch's committee term ends: its election is due
    retiree_visit = "retiree_visit"  # a planned visit to a retired cadre, open until recorded or dropped
    # liaison
    committee_term = "committee_term"  # a youth committee's or the overseas advisers' term ends: renew it
    # office's own
    task = "task"
    document = "document"
    archive_loan = "archive_loan"
    passport_return = "passport_return"
    # the operator's: next year's holiday calendar to add (source_id `holidays-<year>`)
    calendar_year = "calendar_year"
    reception = "reception"  # a requested reception to plan and confirm or decline before the guests come

    @classmethod
    def of_petition(cls, deadline: PetitionDeadlineKind) -> BoardItemKind:
        """The board's kind of a petition's statutory deadline."""
        return cls(f"petition_{deadline.value}")


PETITION_KINDS = frozenset(BoardItemKind.of_petition(k) for k in PetitionDeadlineKind)
