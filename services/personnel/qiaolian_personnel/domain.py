"""Pure rules of personnel: cadre states, establishment, federation terms, identity checklist, commendation notice.

No I/O here: the application modules load rows, ask these rules, and save the result.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from collections.abc import Mapping
from typing import Any

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.statemachine import Transitions
from qiaolian_contracts.events.personnel import FederationElectionDue, IdentityType

def beijing_date(at: datetime) -> date:
    return at.astimezone(CHINA).date()


def require(entity: str, commands: Mapping[str, frozenset[Any]], state: StrEnum, command: str) -> None:
    """409 with the current state and the commands it allows, unless `command` is allowed in `state`."""
    Transitions(entity, commands).require(state, command)
