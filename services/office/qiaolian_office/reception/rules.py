"""A reception is arranged for a visit that needs one, and cancelled with the visit."""

from __future__ import annotations

from enum import StrEnum


class ReceptionState(StrEnum):
    arranged = "arranged"
    cancelled = "cancelled"
