"""Every watched date of the catalog reaches office's board: each event type whose fact is a date
coming or passed (`…_due`, `…_expiring`, `…overdue`, `…deadline_approaching`) is handled by one of
office's consumers, or, for office's own, put on the board by office's commands. Other offices' new
deadlines fail this test until the board handles them."""

from __future__ import annotations

from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.catalog import CONSUMERS, EVENTS
from qiaolian_office.app import definition
from qiaolian_office.supervision.rules import OWN_WATCHED

SUFFIXES = ("_due", "_expiring", "overdue", "deadline_approaching")


def _watched() -> list[str]:
    return sorted(t for t, e in EVENTS.items() if e.short_name.split(".")[1].endswith(SUFFIXES))


def test_the_catalog_has_watched_dates_of_every_producing_office() -> None:
    assert {EVENTS[t].producer for t in _watched()} == {"office", "liaison", "rights", "personnel"}


def test_every_watched_date_in_the_catalog_has_a_handler_on_office_s_board() -> None:
    handlers = definition().handlers
    missing = []
    for t in _watched():
        if EVENTS[t].producer == "office":
            if t not in OWN_WATCHED or OWN_WATCHED[t] not in set(BoardItemKind):
                missing.append(f"{t}: office's own, not in supervision.rules.OWN_WATCHED with a board kind")
            continue
        groups = [c.durable for c in CONSUMERS if c.service == "office" and t in c.events]
        if not any(t in handlers.get(g, {}) for g in groups):
            missing.append(f"{t}: no office consumer handles it (subscribed by {groups or 'none'})")
    assert not missing, "\n".join(missing)
