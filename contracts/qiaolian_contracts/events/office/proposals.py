"""Facts of proposals and motions (參政議政) for the NPC and CPPCC sessions: ids, codes, dates."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ...envelope import Payload
from ..common import Code, Id


class ProposalSubmitted(Payload):
    proposal_id: Id
    body: Code = Field(description="npc (人大) or cppcc (政協)")
    kind: Code = Field(description="proposal (建議/提案) or motion (議案)")
    session_year: int = Field(ge=1949, le=2200)
    submitted_on: date
    reply_due_on: date = Field(description="when the handling organ's reply is due")


class ProposalReplied(Payload):
    proposal_id: Id
    replied_on: date
    reply_due_on: date
    late: bool = Field(description="the reply came after its due date")


class ProposalRated(Payload):
    proposal_id: Id
    rating: Code = Field(description="satisfied, basically_satisfied or unsatisfied (the federation's rating)")
    rated_on: date
