"""The event envelope: CloudEvents 1.0, structured JSON mode (the NATS binding is structured-only)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .ids import new_id

T = TypeVar("T", bound=BaseModel)

CONTENT_TYPE = "application/cloudevents+json"
SCHEMA_BASE = "urn:qiaolian:schema:"


class Payload(BaseModel):
    """Base of every event payload: unknown fields are an error, so a typo never travels silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EnvelopeHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(description="UUIDv7 of the event; also the Nats-Msg-Id used for deduplication")
    source: str = Field(pattern=r"^urn:qiaolian:[a-z]+$")
    type: str = Field(pattern=r"^qiaolian\.[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+$")
    time: AwareDatetime
    subject: str = Field(description="id of the aggregate the fact is about")
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str
    correlationid: str
    causationid: str | None = None
    actorid: str | None = Field(
        None,
        description="the account id of the signed-in person whose command this "
        "fact records (CloudEvents extension); never a name",
    )


class Envelope(EnvelopeHeader, Generic[T]):
    data: T


class RawEnvelope(EnvelopeHeader):
    """An envelope whose data is not yet validated against its payload model."""

    data: dict[str, Any]


@functools.cache
def envelope_of(model: type[T]) -> type[Envelope[T]]:
    """`Envelope[model]`, made once per payload model. pydantic's own cache of parametrised generics
    is weak and was seen rebuilding the class for one command in three: a third of a command's CPU."""
    return Envelope[model]  # type: ignore[valid-type]


def make_envelope(
    *,
    event_type: str,
    producer: str,
    subject: str,
    data: Payload,
    correlationid: str | None = None,
    causationid: str | None = None,
    actorid: str | None = None,
    event_id: str | None = None,
    time: datetime | None = None,
) -> Envelope[Any]:
    event_id = event_id or new_id()
    return envelope_of(type(data))(
        id=event_id,
        source=f"urn:qiaolian:{producer}",
        type=event_type,
        time=time or datetime.now(UTC),
        subject=subject,
        dataschema=SCHEMA_BASE + event_type,
        correlationid=correlationid or event_id,
        causationid=causationid,
        actorid=actorid,
        data=data,
    )
