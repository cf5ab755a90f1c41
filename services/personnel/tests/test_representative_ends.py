"""A representative's term ends served, re-elected or replaced early: the reason is kept and published
(`representative.term_ended`, which closes office's board item), and a term not running cannot end."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from qiaolian_chassis.errors import Conflict
from qiaolian_contracts.events.personnel import Assembly, AssemblyLevel, TermEndReason
from qiaolian_personnel.representatives import commands as reps

if TYPE_CHECKING:
    from conftest import PersonnelDb


async def _seated(personnel: PersonnelDb) -> str:
    nominated = reps.NominateRepresentative(
        "羅代表", "returnee", Assembly.cppcc, AssemblyLevel.provincial, 12, date(2022, 12, 1)
    )
    r = await personnel.run(reps.nominate, nominated)
    await personnel.run(reps.seat, reps.SeatRepresentative(r.id, date(2023, 1, 15), date(2028, 1, 14)))
    return str(r.id)


async def test_the_end_of_a_term_is_kept_and_published_with_its_reason(personnel: PersonnelDb) -> None:
    served, early = await _seated(personnel), await _seated(personnel)
    await personnel.run(reps.end_term, reps.EndTerm(served, date(2026, 3, 1)))
    r = await personnel.run(reps.end_term, reps.EndTerm(early, date(2026, 3, 2), TermEndReason.replaced))
    assert (r.state, r.end_reason, r.term_ends_on) == ("term_ended", "replaced", date(2026, 3, 2))
    assert [e["data"] for e in await personnel.events("representative.term_ended")] == [
        {"representative_id": served, "ended_on": "2026-03-01", "reason": "served"},
        {"representative_id": early, "ended_on": "2026-03-02", "reason": "replaced"},
    ]
    with pytest.raises(Conflict):
        await personnel.run(reps.end_term, reps.EndTerm(early, date(2026, 3, 3), TermEndReason.re_elected))
    assert len(await personnel.events("representative.term_ended")) == 2
