"""The login log as pure rules: what a line says. Never a password: not even a wrong one."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

TYPED_MAX = 100  # the longest username a sign-in accepts; what was typed is kept up to it


class Outcome(StrEnum):
    signed_in = "signed_in"
    refused = "refused"
    locked_out = "locked_out"  # this failure locked the username
    signed_out = "signed_out"


class Reason(StrEnum):
    """Why a sign-in was refused. Only the log knows: the person is told the same thing every time."""

    wrong_password = "wrong_password"
    unknown_user = "unknown_user"
    disabled = "disabled"
    locked = "locked"


def as_typed(username: str) -> str:
    """The username as typed, without control characters (they would forge lines in a text export)."""
    return "".join(c for c in username if unicodedata.category(c)[0] != "C")[:TYPED_MAX]
