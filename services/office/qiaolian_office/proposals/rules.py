"""Pure rules of a proposal or motion.

States: `drafting` → (review) `in_review` → (return) `drafting`, or (submit, the office head's
decision, with the handling organ and the reply's due date) `submitted` → (reply: the handling
organ's answer) `replied` → (rate: the federation's rating of that answer) `rated`. A proposal not
yet submitted may be `withdrawn`. A submitted proposal is an item of kind `proposal_reply` on the
board until the reply is recorded.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class Body(StrEnum):
    npc = "npc"  # 人民代表大會
    cppcc = "cppcc"  # 政治協商會議


class ProposalKind(StrEnum):
    proposal = "proposal"  # 建議 (NPC) / 提案 (CPPCC)
    motion = "motion"  # 議案 (NPC)


class Rating(StrEnum):
    satisfied = "satisfied"
    basically_satisfied = "basically_satisfied"
    unsatisfied = "unsatisfied"


class ProposalState(StrEnum):
    drafting = "drafting"
    in_review = "in_review"
    submitted = "submitted"
    replied = "replied"
    rated = "rated"
    withdrawn = "withdrawn"


S = ProposalState
TRANSITIONS = Transitions(
    "proposal",
    {
        "review": Rule(frozenset({S.drafting}), S.in_review),
        "return": Rule(frozenset({S.in_review}), S.drafting),
        "submit": Rule(frozenset({S.in_review}), S.submitted),
        "reply": Rule(frozenset({S.submitted}), S.replied),
        "rate": Rule(frozenset({S.replied}), S.rated),
        "withdraw": Rule(frozenset({S.drafting, S.in_review}), S.withdrawn),
    },
)


def check_kind(body: Body, kind: ProposalKind) -> None:
    if body is Body.cppcc and kind is ProposalKind.motion:
        raise Invalid("kind", "a CPPCC session takes proposals (提案), not motions (議案)")


def check_session_year(year: int, on: date) -> None:
    if not on.year - 1 <= year <= on.year + 1:
        raise Invalid("session_year", f"must be within a year of {on.year}")


def check_submission(submitted_on: date, reply_due_on: date, on: date) -> None:
    if submitted_on > on:
        raise Invalid("submitted_on", f"cannot be after today ({on})")
    if reply_due_on <= submitted_on:
        raise Invalid("reply_due_on", f"must be after submitted_on ({submitted_on})")


def check_reply(replied_on: date, submitted_on: date, on: date) -> None:
    if replied_on > on:
        raise Invalid("replied_on", f"cannot be after today ({on})")
    if replied_on < submitted_on:
        raise Invalid("replied_on", f"cannot be before submitted_on ({submitted_on})")
