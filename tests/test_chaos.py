"""The short chaos run of issue 7 (`make chaos` runs the long one): kill -9 under load, nothing lost or doubled."""

from __future__ import annotations

from pathlib import Path

import pytest

from .chaos.harness import Config, report, run

pytestmark = pytest.mark.system


def test_500_commands_through_two_kills_of_nats_and_of_each_service_have_one_effect_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(
        Config(
            commands=500,
            nats_kills=2,
            service_kills=2,
            seed=7,
            var_dir=tmp_path / "chaos",
            pause_s=(0.3, 1.0),
            ack_wait_s=5,
            quiesce_timeout_s=60,
            send_timeout_s=120,
        )
    )
    report(result)
    out = capsys.readouterr().out
    with capsys.disabled():
        print("\n" + out.strip().splitlines()[-1])
    assert len(result.kills) == 10
    assert result.lost == 0 and result.doubled == 0, out
    assert not result.problems, out
    assert result.dead_letters == [], out
    assert not any(result.outbox_pending.values()), out
    assert result.not_accepted == [], out  # a refused or lost answer was retried or found
    assert result.accepted == 500
    last = out.strip().splitlines()[-1]
    assert last.startswith(f"chaos: 500 commands, {result.effects} effects, 0 lost, 0 doubled, longest gap"), last
