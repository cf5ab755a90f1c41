"""The two kinds of catalog entry: an event type, and a durable consumer group."""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from pydantic import BaseModel


def stream_name(service: str) -> str:
    return service.upper()


@dataclass(frozen=True)
class EventType:
    type: str
    model: builtins.type[BaseModel]
    description: str

    @property
    def subject(self) -> str:
        return self.type

    @property
    def producer(self) -> str:
        return self.type.split(".")[1]

    @property
    def stream(self) -> str:
        return stream_name(self.producer)

    @property
    def short_name(self) -> str:
        """`petition.filed`: aggregate and fact without prefix and version."""
        return ".".join(self.type.split(".")[2:4])


@dataclass(frozen=True)
class ConsumerGroup:
    """A durable pull consumer: one subscribing service, one purpose, one producer's stream."""

    service: str
    purpose: str
    events: tuple[str, ...]
    description: str
    ack_wait_s: float = 30.0
    max_deliver: int = 5
    backoff_s: tuple[float, ...] = (1.0, 5.0, 15.0, 30.0)
    batch: int = 256

    @property
    def durable(self) -> str:
        return f"{self.service}--{self.purpose}"

    @property
    def stream(self) -> str:
        streams = {stream_name(t.split(".")[1]) for t in self.events}
        if len(streams) != 1:
            raise ValueError(f"consumer {self.durable} spans streams {sorted(streams)}")
        return streams.pop()

    @property
    def filter_subjects(self) -> list[str]:
        return sorted(self.events)  # an event's subject is its type
