"""personnel's congresses on office's board: open from `congress.convening_due`, overdue past the date
while the committee is not elected, closed by `congress.committee_elected`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from qiaolian_contracts.envelope import make_envelope
from qiaolian_contracts.events.personnel import CongressCommitteeElected, CongressDue
from qiaolian_office.supervision import events
from qiaolian_office.supervision import queries as board

if TYPE_CHECKING:
    from conftest import OfficeDb


async def test_a_congress_stays_overdue_on_the_board_until_its_committee_is_elected(office: OfficeDb) -> None:
    held_on = date(2026, 4, 1)
    due = make_envelope(
        event_type="qiaolian.personnel.congress.convening_due.v1",
        producer="personnel",
        subject="cg-1",
        data=CongressDue(congress_id="cg-1", held_on=held_on),
    )
    async with office.uow() as u:
        await events.on_congress_due(u, due)
    assert await office.board() == [("congress", "cg-1", "open")]
    async with office.uow() as u:
        counts = await board.counts_by_office(u.session, date(2026, 4, 2))
    assert counts["personnel"].overdue == 1  # the date passed without a committee elected
    elected = make_envelope(
        event_type="qiaolian.personnel.congress.committee_elected.v1",
        producer="personnel",
        subject="cg-1",
        data=CongressCommitteeElected(congress_id="cg-1", held_on=held_on, members=2),
    )
    async with office.uow() as u:
        await events.on_congress_committee_elected(u, elected)
    assert await office.board() == [("congress", "cg-1", "closed")]
