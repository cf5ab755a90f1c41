"""Pure rules of associations and key persons: the keys that find likely duplicates among transliterated
names, what a merge keeps, and the terms of federation roles.

Two records are likely the same when they are in the same country and either
- their Chinese names are equal once spacing and middle dots are ignored, or
- their romanised names are equal ignoring case, spacing, accents and punctuation, and, for a
  person, the order of family and given name ("Tan Ah Kow" = "Ah Kow TAN" = "TAN AhKow").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_contracts.events.liaison import MemberTermExpiring

MEMBER_TERM = "member_term"  # the deadline kind of a role's term end; subject = appointment id


class AssociationStatus(StrEnum):
    active = "active"
    dormant = "dormant"
    dissolved = "dissolved"


# ---- duplicate detection ---------------------------------------------------------------------------

_ZH_IGNORED = re.compile(r"[\s·•・‧.\-]+")


def zh_key(name: str | None) -> str | None:
    if not name:
        return None
    key = _ZH_IGNORED.sub("", unicodedata.normalize("NFKC", name))
    return key or None


def _fold(part: str | None) -> str:
    """Lower case, no accents, letters and digits only (so spacing and hyphens do not count)."""
    if not part:
        return ""
    decomposed = unicodedata.normalize("NFKD", part)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


def person_romanised_key(family_name: str | None, given_name: str | None) -> str | None:
    """Order-free key of a romanised personal name: family and given name may be swapped."""
    parts = sorted(p for p in (_fold(family_name), _fold(given_name)) if p)
    return "|".join(parts) or None


def association_romanised_key(name: str | None) -> str | None:
    return _fold(name) or None


def romanised_name(family_name: str | None, given_name: str | None) -> str | None:
    """A person's romanised name as shown and published: family name first."""
    return " ".join(x for x in (family_name, given_name) if x) or None


# ---- merge -------------------------------------------------------------------------------------------

# what a survivor takes from the duplicate where it has nothing of its own
PERSON_FILLED = (
    "name_zh",
    "family_name",
    "given_name",
    "city",
    "hometown",
    "association_id",
    "phone",
    "email",
    "address",
)
ASSOCIATION_FILLED = ("name_zh", "name_romanised", "city", "hometown", "founded_year")


def check_distinct(survivor_id: str, duplicate_id: str) -> None:
    if survivor_id == duplicate_id:
        raise Invalid("duplicate_id", "cannot merge a record into itself")


def fill_blanks(survivor: Any, duplicate: Any, attrs: Iterable[str]) -> None:
    """A blank of the survivor is filled from the duplicate; what the survivor has, it keeps."""
    for attr in attrs:
        if getattr(survivor, attr) is None and getattr(duplicate, attr) is not None:
            setattr(survivor, attr, getattr(duplicate, attr))


def merged_leaders(survivor: list[dict[str, Any]], duplicate: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The survivor's leaders, then the duplicate's that it lacks."""
    return list(survivor) + [x for x in duplicate if x not in survivor]


# ---- roles and terms -----------------------------------------------------------------------------------


def check_term(term_starts_on: date, term_ends_on: date | None) -> None:
    if term_ends_on is not None and term_ends_on <= term_starts_on:
        raise Invalid("term_ends_on", "must be after term_starts_on")


def check_end(appointment_id: str, state: str, term_starts_on: date, ended_on: date) -> None:
    """An active role ends once, not before its term started."""
    if state != "active":
        raise Conflict(f"appointment {appointment_id} has already ended", current_state=state, allowed_commands=[])
    if ended_on < term_starts_on:
        raise Invalid("ended_on", "cannot be before term_starts_on")


def term_expiring(appointment_id: str, due_on: date, _which: str) -> MemberTermExpiring:
    """The payload of member.term_expiring, published ahead of a term's end."""
    return MemberTermExpiring(appointment_id=appointment_id, term_ends_on=due_on)


# ---- the interaction log ----------------------------------------------------------------------------


def check_occurred(occurred_on: date, today: date) -> None:
    if occurred_on > today:
        raise Invalid("occurred_on", "cannot be in the future")
