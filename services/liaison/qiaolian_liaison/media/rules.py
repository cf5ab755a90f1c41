"""Pure rules of media outlets and their coverage."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid


class OutletKind(StrEnum):
    newspaper = "newspaper"
    magazine = "magazine"
    tv = "tv"
    radio = "radio"
    online = "online"


def check_published(published_on: date, today: date) -> None:
    """Coverage is recorded once it appeared."""
    if published_on > today:
        raise Invalid("published_on", "cannot be in the future")
