"""Pure rules of the to-do list: whom an item is for, and its colour on a day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

AMBER_DAYS = 3  # CONSOLE.md: within 3 days amber, overdue red

TRIP_STEP_ROLES: dict[str, str] = {
    "office_head": "office.head",  # office.approve
    "federation_leader": "leader",  # leader.decide
    "foreign_affairs": "foreign_affairs",  # foreign_affairs.decide
}
"""The outbound-trip approval chain's steps, in order, and the role whose members decide each
(office's outbound_trips.rules.APPROVAL_CHAIN, contracts/access.py)."""


def cadre(cadre_id: str) -> str:
    return f"cadre:{cadre_id}"


def office(name: str) -> str:
    return f"office:{name}"


def role(name: str) -> str:
    return f"role:{name}"


def audiences(cadre_id: str | None, office_name: str | None, roles: Iterable[str]) -> list[str]:
    """Every audience a person belongs to: themself, their office, each of their roles."""
    out = [role(r) for r in sorted(roles)]
    if cadre_id:
        out.append(cadre(cadre_id))
    if office_name:
        out.append(office(office_name))
    return out


def urgency(due_on: date | None, today: date) -> str:
    """`overdue` (red) past the due date, `approaching` (amber) within AMBER_DAYS, else `open`."""
    if due_on is None:
        return "open"
    if due_on < today:
        return "overdue"
    return "approaching" if (due_on - today).days <= AMBER_DAYS else "open"
