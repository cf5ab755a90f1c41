"""Provisioning creates the catalog's streams and consumers, is idempotent, and migrates consumer config."""

from __future__ import annotations

from qiaolian_chassis.settings import BusSettings
from qiaolian_contracts.catalog import CONSUMERS, DEAD_LETTER_STREAM, SERVICES
from qiaolian_contracts.spec import stream_name
from qiaolian_deploy.launcher import provision_at
from qiaolian_deploy.natsserver import NatsServer


async def test_provisioning_is_idempotent_and_updates_changed_consumers(nats_server: NatsServer) -> None:
    provisioner = nats_server.creds("provisioner")
    first = await provision_at(nats_server.url, credentials=provisioner)
    assert len(first) == len(SERVICES) + 1 + len(CONSUMERS)
    assert await provision_at(nats_server.url, credentials=provisioner) == []  # nothing to change the second time

    nc = await nats_server.connect("provisioner")
    try:
        js = nc.jetstream()
        for service in SERVICES:
            info = await js.stream_info(stream_name(service))
            assert info.config.subjects == [f"qiaolian.{service}.>"]
            assert info.config.duplicate_window == 600
        assert (await js.stream_info(DEAD_LETTER_STREAM)).config.subjects == ["qiaolian.deadletter.>"]
        group = CONSUMERS[0]
        info = await js.consumer_info(group.stream, group.durable)
        assert info.config.max_deliver == group.max_deliver
        assert sorted(info.config.filter_subjects or []) == group.filter_subjects
        assert info.config.ack_policy == "explicit"

        # a changed setting is applied to the existing durables, like a migration
        changed = await provision_at(
            nats_server.url,
            BusSettings(nats_url=nats_server.url, consumer_max_deliver=9, consumer_ack_wait_s=45),
            credentials=provisioner,
        )
        assert sorted(changed) == sorted(f"consumer {c.stream}/{c.durable} updated" for c in CONSUMERS)
        info = await js.consumer_info(group.stream, group.durable)
        assert info.config.max_deliver == 9 and info.config.ack_wait == 45
    finally:
        await nc.close()
