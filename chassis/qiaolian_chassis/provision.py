"""Creates or updates the streams and durable consumers declared in the contracts catalog.

Run by `make run`, by the compose `provision` job and by the operator CLI, never by subscribers at
start: only the `provisioner` NATS user may create, change or delete streams and consumers
(contracts/nats_users.py), and `provision_as_provisioner` connects as it. It is idempotent, and it
manages consumer settings like a migration: a consumer whose config differs from the catalog is
updated in place.
"""

from __future__ import annotations

from typing import Any

from nats.js import JetStreamContext
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.errors import NotFoundError

from qiaolian_contracts.catalog import CONSUMERS, DEAD_LETTER_PREFIX, DEAD_LETTER_STREAM, SERVICES, stream_subjects
from qiaolian_contracts.nats_users import PROVISIONER
from qiaolian_contracts.spec import stream_name

from .bus import connect_as
from .consumer import ConsumerTuning
from .logging import get_logger
from .settings import BusSettings, NatsCredentials

log = get_logger(__name__)


def stream_configs(settings: BusSettings) -> list[StreamConfig]:
    common: dict[str, Any] = dict(
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,  # the streams are also the audit trail: keep everything
        discard=DiscardPolicy.OLD,
        num_replicas=settings.stream_replicas,
        duplicate_window=settings.duplicate_window_s,
    )
    configs = [
        StreamConfig(name=stream_name(s), subjects=stream_subjects(s), description=f"facts published by {s}", **common)
        for s in SERVICES
    ]
    configs.append(
        StreamConfig(
            name=DEAD_LETTER_STREAM,
            subjects=[f"{DEAD_LETTER_PREFIX}.>"],
            description="messages a consumer could not handle",
            **common,
        )
    )
    return configs


def consumer_configs(settings: BusSettings) -> list[tuple[str, ConsumerConfig]]:
    out = []
    for group in CONSUMERS:
        tuning = ConsumerTuning.of(
            group, settings.consumer_max_deliver, settings.consumer_backoff_s, settings.consumer_ack_wait_s
        )
        out.append(
            (
                group.stream,
                ConsumerConfig(
                    name=group.durable,
                    durable_name=group.durable,
                    description=group.description,
                    deliver_policy=DeliverPolicy.ALL,
                    ack_policy=AckPolicy.EXPLICIT,
                    ack_wait=tuning.ack_wait_s,
                    # no server-side backoff: it would override ack_wait and redeliver during a slow batch;
                    # handlers choose the delay of each negative ack from the catalog's backoff instead
                    max_deliver=tuning.max_deliver,
                    filter_subjects=group.filter_subjects,
                    max_ack_pending=max(1000, group.batch * 4),
                ),
            )
        )
    return out


_STREAM_FIELDS = ("subjects", "num_replicas", "duplicate_window", "retention", "storage", "discard")
_CONSUMER_FIELDS = ("ack_wait", "max_deliver", "filter_subjects", "max_ack_pending", "description")


async def provision(js: JetStreamContext, settings: BusSettings) -> list[str]:
    """Bring JetStream in line with the catalog; returns what changed, one line each."""
    changes: list[str] = []
    for cfg in stream_configs(settings):
        try:
            info = await js.stream_info(cfg.name)  # type: ignore[arg-type]
        except NotFoundError:
            await js.add_stream(cfg)
            changes.append(f"stream {cfg.name} created")
            continue
        if any(_norm(getattr(info.config, f)) != _norm(getattr(cfg, f)) for f in _STREAM_FIELDS if f != "storage"):
            await js.update_stream(cfg)
            changes.append(f"stream {cfg.name} updated")
    for stream, ccfg in consumer_configs(settings):
        try:
            info = await js.consumer_info(stream, ccfg.durable_name)  # type: ignore[arg-type]
        except NotFoundError:
            await js.add_consumer(stream, ccfg)
            changes.append(f"consumer {stream}/{ccfg.durable_name} created")
            continue
        if any(_norm(getattr(info.config, f)) != _norm(getattr(ccfg, f)) for f in _CONSUMER_FIELDS):
            await js.add_consumer(stream, ccfg)  # create-or-update on the server
            changes.append(f"consumer {stream}/{ccfg.durable_name} updated")
    for line in changes:
        log.info("provisioned", change=line)
    return changes


async def provision_as_provisioner(
    settings: BusSettings, url: str | None = None, credentials: NatsCredentials | None = None
) -> list[str]:
    """Connect as the provisioning user (from `credentials`, else the settings), provision, close."""
    creds = credentials or settings.nats_credentials(default_user=PROVISIONER)
    nc = await connect_as(url or settings.nats_url, creds, name="qiaolian-provision")
    try:
        return await provision(nc.jetstream(), settings)
    finally:
        await nc.close()


def _norm(v: object) -> object:
    if isinstance(v, list):
        return sorted(v)
    if isinstance(v, float):
        return round(v, 3)
    return v
