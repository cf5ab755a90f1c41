"""How a personal identifier is shown where its whole value may not be: written once. Pure."""

from __future__ import annotations

from typing import overload


@overload
def mask(value: str, *, head: int = 0, tail: int = 4) -> str: ...
@overload
def mask(value: None, *, head: int = 0, tail: int = 4) -> None: ...
def mask(value: str | None, *, head: int = 0, tail: int = 4) -> str | None:
    """`value` with all but its first `head` and last `tail` characters starred, its length kept;
    all starred when it is no longer than what would be shown. None stays None.

    `mask("430102199001011234", head=3)` is `430***********1234`; `mask("E12345678", head=1, tail=2)`
    is `E******78`."""
    if value is None:
        return None
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + (value[-tail:] if tail else "")
