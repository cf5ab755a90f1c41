from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class Office(StrEnum):
    """The four departments; each is also the name of its service."""

    office = "office"
    liaison = "liaison"
    rights = "rights"
    personnel = "personnel"


OfficeField = Annotated[Office, Field(description="one of the four offices of the federation")]
