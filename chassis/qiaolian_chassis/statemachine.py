"""A state machine as data: command -> the states it may be applied in. Written once for all services."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from .errors import InvalidTransition


class Transitions:
    def __init__(self, entity: str, allowed: Mapping[str, frozenset[Any]]) -> None:
        self.entity = entity
        self.allowed = allowed

    def commands(self, state: StrEnum) -> list[str]:
        """The commands `state` allows, sorted."""
        return sorted(c for c, states in self.allowed.items() if state in states)

    def require(self, state: StrEnum, command: str) -> None:
        """409 with the current state and the commands it allows, unless `command` is allowed in `state`."""
        if state not in self.allowed[command]:
            raise InvalidTransition(self.entity, state.value, command.replace("_", " "), self.commands(state))
