"""Pure rules of associations and key persons: the keys that find likely duplicates among transliterated
names, what a merge keeps, and the terms of federation roles.

Two records are likely the same when they are in the same country and either
- their Chinese names are equal once spacing and middle dots are ignored and Traditional characters
  are folded to Simplified (OpenCC t2s: 陳國華 = 陈国华), or
- their romanised names are equal ignoring case, spacing, accents and punctuation, and, for a
  person, the order of family and given name ("Tan Ah Kow" = "Ah Kow TAN" = "TAN AhKow") and the
  common romanisations of one surname (Chen/Tan/Chan 陳, Lin/Lim 林, Huang/Wong/Ng 黃).
Each candidate has a score: how sure the match is (equal as written beats equal only once folded).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from opencc import OpenCC

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_contracts.events.liaison import MemberTermExpiring

MEMBER_TERM = "member_term"  # the deadline kind of a role's term end; subject = appointment id


class AssociationStatus(StrEnum):
    active = "active"
    dormant = "dormant"
    dissolved = "dissolved"


# ---- duplicate detection ---------------------------------------------------------------------------

_ZH_IGNORED = re.compile(r"[\s·•・‧.\-]+")
_T2S = OpenCC("t2s")  # Traditional to Simplified, characters and phrases (pure Python, loaded once)

# the common romanisations of one surname (Mandarin pinyin, Hokkien/Teochew, Cantonese), folded to the first
SURNAME_ROMANISATIONS: tuple[tuple[str, ...], ...] = (
    ("chen", "tan", "chan", "chin"),  # 陳
    ("lin", "lim", "lam"),  # 林
    ("huang", "wong", "ng", "ooi", "oei"),  # 黃
)
_SURNAME = {variant: group[0] for group in SURNAME_ROMANISATIONS for variant in group}

# a candidate's score by what matched (both names: the surer of the two, raised)
SCORE_ZH = 1.0  # the Chinese names as written
SCORE_ZH_FOLDED = 0.9  # the same once Traditional and Simplified are folded
SCORE_ROMANISED = 0.8  # the romanised names as written (case, spacing, order aside)
SCORE_ROMANISED_FOLDED = 0.6  # the same once the surname's romanisations are folded
SCORE_BOTH_BONUS = 0.1


def zh_plain(name: str | None) -> str | None:
    """The Chinese name without spacing and middle dots, characters as written."""
    if not name:
        return None
    key = _ZH_IGNORED.sub("", unicodedata.normalize("NFKC", name))
    return key or None


def zh_key(name: str | None) -> str | None:
    """The Chinese name's key: `zh_plain`, Traditional folded to Simplified."""
    plain = zh_plain(name)
    return _T2S.convert(plain) if plain else None


def _fold(part: str | None) -> str:
    """Lower case, no accents, letters and digits only (so spacing and hyphens do not count)."""
    if not part:
        return ""
    decomposed = unicodedata.normalize("NFKD", part)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


def person_romanised_plain(family_name: str | None, given_name: str | None) -> str | None:
    """Order-free key of a romanised personal name as written: family and given name may be swapped."""
    parts = sorted(p for p in (_fold(family_name), _fold(given_name)) if p)
    return "|".join(parts) or None


def person_romanised_key(family_name: str | None, given_name: str | None) -> str | None:
    """`person_romanised_plain` with a surname's romanisations folded (Tan, Chan → chen); either part may
    be the surname, as the order is free."""
    parts = sorted(_SURNAME.get(p, p) for p in (_fold(family_name), _fold(given_name)) if p)
    return "|".join(parts) or None


class Probe(NamedTuple):
    """A name as written (for the score): its Chinese and romanised keys before folding."""

    zh: str | None
    romanised: str | None


def person_probe(name_zh: str | None, family_name: str | None, given_name: str | None) -> Probe:
    return Probe(zh_plain(name_zh), person_romanised_plain(family_name, given_name))


def association_probe(name_zh: str | None, name_romanised: str | None) -> Probe:
    return Probe(zh_plain(name_zh), association_romanised_key(name_romanised))


def score(probe: Probe, candidate: Probe, *, zh_matched: bool, romanised_matched: bool) -> tuple[float, list[str]]:
    """How likely a candidate found by its keys is the same, and what matched: `name_zh`,
    `traditional_simplified` (only once folded), `name_romanised`, `surname_romanisation` (likewise)."""
    found: list[tuple[float, str]] = []
    if zh_matched:
        exact = probe.zh is not None and probe.zh == candidate.zh
        found.append((SCORE_ZH, "name_zh") if exact else (SCORE_ZH_FOLDED, "traditional_simplified"))
    if romanised_matched:
        exact = probe.romanised is not None and probe.romanised == candidate.romanised
        found.append((SCORE_ROMANISED, "name_romanised") if exact else (SCORE_ROMANISED_FOLDED, "surname_romanisation"))
    best = max(s for s, _ in found)
    value = min(1.0, best + SCORE_BOTH_BONUS) if len(found) > 1 else best
    return round(value, 2), [why for _, why in found]


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
