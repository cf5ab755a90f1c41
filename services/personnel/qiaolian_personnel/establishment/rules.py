"""The level a post counts against, and the arithmetic of approved, occupied and vacant slots."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from qiaolian_chassis.errors import Conflict

UNCLASSIFIED = "unclassified"  # the level of an occupied post whose title names none


class PostLevel(StrEnum):
    """Levels of the establishment (編制) a post counts against."""

    bureau = "bureau"  # 廳局級: 主席, 副主席, 巡視員
    division = "division"  # 處級: 處長, 副處長, 調研員
    section = "section"  # 科級: 科長, 副科長, 主任科員
    staff = "staff"  # 科員, 辦事員


# checked in this order: "主任科員" must win over "科員"
_TITLE_LEVELS = (
    ("巡視員", PostLevel.bureau),
    ("主席", PostLevel.bureau),
    ("廳", PostLevel.bureau),
    ("處長", PostLevel.division),
    ("調研員", PostLevel.division),
    ("科長", PostLevel.section),
    ("主任科員", PostLevel.section),
    ("科員", PostLevel.staff),
    ("辦事員", PostLevel.staff),
)


def level_of_title(post: str) -> PostLevel | None:
    """The level a civil-service post title names, or None for a title this table does not know."""
    for word, level in _TITLE_LEVELS:
        if word in post:
            return level
    return None


def check_establishment(office: str, level: str, approved: int | None, occupied: int) -> None:
    """Refuse (409) an appointment that would exceed the approved slots.

    No approved number for the office and level means the establishment is not set yet: unlimited.
    `occupied` counts the cadres in post there now, without the one being appointed.
    """
    if approved is not None and occupied + 1 > approved:
        raise Conflict(
            f"the establishment of {office} at level {level} is full: {occupied} of {approved} "
            f"approved slots are occupied",
            office=office,
            post_level=level,
            approved=approved,
            occupied=occupied,
            vacant=max(0, approved - occupied),
        )


def slots(approved: Mapping[tuple[str, str], int], occupied: Mapping[tuple[str, str], int]) -> list[dict[str, object]]:
    """Approved, occupied and vacant slots per (office, level): every approved pair, and every pair
    someone occupies without an approved number (approved and vacant are then None)."""
    rows: list[dict[str, object]] = []
    for key in sorted(set(approved) | set(occupied)):
        a, o = approved.get(key), occupied.get(key, 0)
        rows.append(
            {
                "office": key[0],
                "post_level": key[1],
                "approved": a,
                "occupied": o,
                "vacant": None if a is None else max(0, a - o),
                "over_establishment": 0 if a is None else max(0, o - a),
            }
        )
    return rows
