"""An economic contact is `active` or `inactive`; a record needs a name in Chinese or romanised."""

from __future__ import annotations

from qiaolian_chassis.errors import Invalid

STATUSES = ("active", "inactive")


def check_named(name_zh: str | None, name_romanised: str | None) -> None:
    if not name_zh and not name_romanised:
        raise Invalid("name_zh", "give a Chinese or a romanised name")
