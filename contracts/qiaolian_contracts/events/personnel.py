"""Facts published by personnel (機關黨委 / 人事處)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
from .common import Id, OfficeField


class CadreAppointed(Payload):
    cadre_id: Id
    appointment_id: Id
    name: str = Field(
        min_length=1,
        max_length=100,
        description="the cadre's name: office's staff directory and the other offices' handler lists show officials by name",
    )
    office: OfficeField
    post: str = Field(min_length=1, max_length=100, description="title of the post held (a public role, not personal data)")
    effective_on: date


PRODUCES = (
    EventType("qiaolian.personnel.cadre.appointed.v1", CadreAppointed,
              "A cadre was appointed to a post in an office; services update their staff projections."),
)

# the durable consumers personnel runs (on the other offices' streams)
CONSUMES: tuple[ConsumerGroup, ...] = ()
