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
    representative_term = "representative_term"  # a seated representative's term end (source: representative id)
    # rights, besides petitions
    counsel_term = "counsel_term"  # a counsel's or committee member's term ending: renew it or let it end
    startup_base = "startup_base"  # a startup base's accreditation running out, then lapsed
    affiliate_report = "affiliate_report"  # a report an affiliated body owes the office
    # liaison
    member_term = "member_term"  # a key person's role ending (source: the appointment id)
    exchange_base_review = "exchange_base_review"  # a cultural exchange base's periodic review
    party_branch_election = "party_branch_election"  # a party branch's committee term ends: its election is due
    retiree_visit = "retiree_visit"  # a planned visit to a retired cadre, open until recorded or dropped
    # liaison
    committee_term = "committee_term"  # a youth committee's or the overseas advisers' term ends: renew it
    work_plan_item = "work_plan_item"  # an item of the approved foreign-affairs work plan, open until done or dropped
    # office's own
    task = "task"
    document = "document"
    archive_loan = "archive_loan"
    passport_return = "passport_return"
    # the operator's: next year's holiday calendar to add (source_id `holidays-<year>`)
    calendar_year = "calendar_year"
    reception = "reception"  # a requested reception to plan and confirm or decline before the guests come
    safety_rectification = "safety_rectification"  # a finding of a safety inspection to rectify by its deadline
    safety_equipment = "safety_equipment"  # a piece of safety equipment (an extinguisher) due for its check
    confidential_mail = "confidential_mail"  # confidential mail to return or destroy (the title names no subject)
    proposal_reply = "proposal_reply"  # a submitted proposal or motion awaiting the handling organ's reply
    research_milestone = "research_milestone"  # a milestone of a research topic of the yearly plan
    major_event_task = "major_event_task"  # a task of a major event (重要活動), due before the event
    asset_inventory = "asset_inventory"  # the yearly inventory of fixed assets, to close by its due date
    asset_handover = "asset_handover"  # an asset of a custodian who left the staff, to hand over

    @classmethod
    def of_petition(cls, deadline: PetitionDeadlineKind) -> BoardItemKind:
        """The board's kind of a petition's statutory deadline."""
        return cls(f"petition_{deadline.value}")


PETITION_KINDS = frozenset(BoardItemKind.of_petition(k) for k in PetitionDeadlineKind)
