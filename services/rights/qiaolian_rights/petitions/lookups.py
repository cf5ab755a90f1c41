"""How often one account may look a petitioner up by ID number (ACCESS.md: 30 a minute): a sliding
window per account, in this process, on the service's clock."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=1)


class LookupLimit:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[datetime]] = {}

    def take(self, account_id: str, now: datetime) -> int | None:
        """Count a lookup now; None when allowed, else the seconds to wait (nothing counted)."""
        seen = self._seen.setdefault(account_id, deque())
        while seen and seen[0] <= now - WINDOW:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return max(1, math.ceil((seen[0] + WINDOW - now).total_seconds()))
        seen.append(now)
        return None
