"""The supervision board's view of personnel's deadlines: grassroots federations' elections (換屆) due.

One item per federation and term (source id `<federation id>:<term end>`), open from
`federation.election_due` until the election's result is filed.
"""

from __future__ import annotations

from typing import Any

from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.envelope import Envelope

from .application import _close_item, _open_item

KIND = "federation_election"


def _source(federation_id: str, term_ends_on: Any) -> str:
    return f"{federation_id}:{term_ends_on.isoformat()}"


async def on_election_due(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    await _open_item(uow, kind=KIND, office="personnel", source_id=_source(d.federation_id, d.term_ends_on),
                     title=f"Federation {d.federation_id}: election due, term ends {d.term_ends_on}",
                     due_on=d.term_ends_on)


async def on_election_result_filed(uow: UnitOfWork, event: Envelope[Any]) -> None:
    d = event.data
    await _close_item(uow, kind=KIND, source_id=_source(d.federation_id, d.previous_term_ends_on))


BOARD_PERSONNEL_HANDLERS = {
    "qiaolian.personnel.federation.election_due.v1": on_election_due,
    "qiaolian.personnel.federation.election_result_filed.v1": on_election_result_filed,
}
