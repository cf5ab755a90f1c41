"""How a holiday duty roster (值班表) is drawn: pure rules, no I/O.

Each rest day needs `per_day` cadres. Slot by slot, day by day (earliest first), the cadre drawn is
the one with the fewest duties in this roster so far, then the fewest duty days in earlier published
rosters (`history`), then the smallest cadre id, so the same directory and history always give the
same roster. Among cadres available on every day the counts therefore differ by at most one, and
the extra duties of an uneven split go to those who have served least. Nobody is drawn twice for one
day, nor on a day they are unavailable (on leave, or on duty in another published roster).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Candidate:
    cadre_id: str
    history: int = 0  # duty days in earlier published rosters
    unavailable: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Drawn:
    duty_on: date
    slot: int  # 1 .. per_day
    cadre_id: str


class NotEnoughStaff(Exception):
    def __init__(self, duty_on: date, needed: int, available: int) -> None:
        super().__init__(f"{duty_on}: {needed} needed, {available} available")
        self.duty_on, self.needed, self.available = duty_on, needed, available


def draw(days: Iterable[date], per_day: int, candidates: Sequence[Candidate]) -> list[Drawn]:
    counts = {c.cadre_id: 0 for c in candidates}
    drawn: list[Drawn] = []
    for day in sorted(set(days)):
        free = [c for c in candidates if day not in c.unavailable]
        if len(free) < per_day:
            raise NotEnoughStaff(day, per_day, len(free))
        chosen = sorted(free, key=lambda c: (counts[c.cadre_id], c.history, c.cadre_id))[:per_day]
        for slot, c in enumerate(chosen, start=1):
            counts[c.cadre_id] += 1
            drawn.append(Drawn(day, slot, c.cadre_id))
    return drawn
