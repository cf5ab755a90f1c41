"""A state machine as data, written once for all services.

A table maps each command to its `Rule`: the states it may be applied in, the state it leads to (or
none: the state stays), what it does to the record's deadlines, and an optional once-only guard. A
plain set of states is shorthand for a rule with only sources. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InvalidTransition


@dataclass(frozen=True)
class Rule:
    """What a command may do: from `sources`, to `target` (None: the state does not change), and the
    deadlines it opens, meets, cancels, moves, pauses or resumes. `guard` names a once-only fact that
    must not be recorded yet (an extension, a notice)."""

    sources: frozenset[Any]
    target: Any = None
    opens: tuple[Any, ...] = ()
    meets: tuple[Any, ...] = ()
    cancels: tuple[Any, ...] = ()
    moves: tuple[Any, ...] = ()
    pauses: tuple[Any, ...] = ()
    resumes: tuple[Any, ...] = ()
    guard: str | None = None


def _value(state: Any) -> Any:
    return getattr(state, "value", state)


class Transitions:
    """`Transitions("petition", {"accept": Rule(frozenset({S.filed}), S.accepted), "note": {S.filed}})`."""

    def __init__(self, entity: str, table: Mapping[str, Rule | Collection[Any]]) -> None:
        self.entity = entity
        self.rules: dict[str, Rule] = {
            command: rule if isinstance(rule, Rule) else Rule(frozenset(rule)) for command, rule in table.items()
        }

    def commands(self, state: Any, flags: Collection[str] = frozenset()) -> list[str]:
        """The commands `state` allows, sorted; `flags` are the once-only facts already recorded."""
        return sorted(
            c for c, r in self.rules.items() if state in r.sources and (r.guard is None or r.guard not in flags)
        )

    def require(self, state: Any, command: str, flags: Collection[str] = frozenset()) -> Rule:
        """The rule of `command`, or 409 with the current state and the commands it allows."""
        rule = self.rules[command]
        if state not in rule.sources or (rule.guard is not None and rule.guard in flags):
            raise InvalidTransition(
                self.entity, str(_value(state)), command.replace("_", " "), self.commands(state, flags)
            )
        return rule

    def apply(self, state: Any, command: str, flags: Collection[str] = frozenset()) -> Any:
        """The state after `command` (the same state when its rule has no target), or 409."""
        rule = self.require(state, command, flags)
        return state if rule.target is None else rule.target
