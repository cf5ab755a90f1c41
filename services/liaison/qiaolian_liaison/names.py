"""Pure rules of duplicate detection for persons and associations (transliterated names).

Two records are likely the same when they are in the same country and either
- their Chinese names are equal once spacing and middle dots are ignored, or
- their romanised names are equal ignoring case, spacing, accents and punctuation, and, for a
  person, the order of family and given name ("Tan Ah Kow" = "Ah Kow TAN" = "TAN AhKow").
"""

from __future__ import annotations

import re
import unicodedata

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
