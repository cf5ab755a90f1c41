"""The end of a counsel's term, a deadline the scheduler watches; subject ids are counsel ids.

The scheduler's "overdue" (the day after the term's last day) is published as `counsel.term_ended`.
"""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.deadlines import DeadlineKind, Which
from qiaolian_contracts.events.rights import CounselTermEnded

TERM = "counsel_term"
TERM_ENDED = "qiaolian.rights.counsel.term_ended.v1"


def _ended(counsel_id: str, due_on: date, _which: Which) -> CounselTermEnded:
    return CounselTermEnded(counsel_id=counsel_id, ended_on=due_on)


def term_kind() -> DeadlineKind:
    return DeadlineKind(TERM, 0, None, TERM_ENDED, _ended)
