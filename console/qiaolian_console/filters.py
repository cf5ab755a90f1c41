"""The shapes of what a listing's query string or a path may carry: anything else is a 422 before it
reaches the database (a NUL, say, which PostgreSQL refuses with an error, or a time without a zone)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, StringConstraints

from qiaolian_contracts.events.common import Id

AccountId = Id
Text = Annotated[str, StringConstraints(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")]
Code = Annotated[str, StringConstraints(max_length=64, pattern=r"^[A-Za-z0-9_.:-]*$")]
IpAddress = Annotated[str, StringConstraints(max_length=45, pattern=r"^[0-9A-Fa-f:.]+$")]
Instant = AwareDatetime

__all__ = ["AccountId", "Code", "Instant", "IpAddress", "Text"]
