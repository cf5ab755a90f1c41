"""`make bench` with tiny sizes: the harness runs end to end and reports every figure (no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parent.parent
# issue 7's figures: relay, consumer (against raw pull and the naive peer), commands flat out and
# at a fixed rate (latency of the command and commit-to-projection), replay, peak RSS per service
EXPECTED = [
    "relay_rate",
    "consumer_rate",
    "naive_rate",
    "consumer_vs_naive",
    "replay_seconds",
    "replay_1m_seconds",
    "raw_tx_rate",
    "http_flat_rate",
    *(f"{kind}_p{p}_{phase}" for kind in ("command", "projection") for p in (50, 95, 99) for phase in ("20", "flat")),
    *(f"rss_{s}" for s in ("office", "liaison", "rights", "personnel")),
    # issue 12: signed tokens against verification stubbed out (benchmark only), side by side
    *(f"tokens_command_p{p}_{phase}" for p in (50, 99) for phase in ("20", "flat")),
    "tokens_flat_rate",
    # issue 15: the conventional peer, and reads over a (here tiny) seeded data set
    "peer_flat_rate",
    "flat_vs_peer",
    "peer_flat_rate_full",
    "flat_vs_peer_full",
    "reads_seed_seconds",
    "reads_rights_petitions_p95",
    "reads_rights_petitions__after_a_cursor_p95",
    "reads_rights_petition_statistics_p95",
    "reads_office_board_of_one_office_p95",
    "reads_liaison_associations__name_search_p95",
    "reads_liaison_persons_p95",
]


def test_bench_reports_every_figure_as_json_and_png(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("QIAOLIAN_TEST_DATABASE_URL", None)  # the smoke run stays on SQLite
    env.update(
        BENCH_OUT=str(tmp_path),
        BENCH_RAW_MESSAGES="200",
        BENCH_OUTBOX_ROWS="200",
        BENCH_CONSUMER_EVENTS="200",
        BENCH_NAIVE_EVENTS="50",
        BENCH_REPLAY_EVENTS="300",
        BENCH_RATES="20",
        BENCH_RATE_SECONDS="0.5",
        BENCH_FLAT_SECONDS="0.5",
        BENCH_FLAT_CONCURRENCY="2",
        BENCH_TX_SECONDS="0.2",
        BENCH_PHASE_TIMEOUT_S="60",
        BENCH_CONSOLE_RUNS="1",
        BENCH_DURABILITY_N="200",
        BENCH_DURABILITY_SECONDS="0.5",
        BENCH_PETITIONS="200",
        BENCH_BOARD_ITEMS="300",
        BENCH_ASSOCIATIONS="20",
        BENCH_PERSONS="100",
        BENCH_DOCUMENTS="20",  # the defaults (20 000 documents, 10 000 cadres) took seconds to seed
        BENCH_CADRES="20",
        BENCH_READ_REPEATS="1",
        BENCH_SEED_CACHE=str(tmp_path / "seed"),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=480
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads((tmp_path / "latest.json").read_text())
    sqlite = result["backends"]["sqlite"]
    assert sqlite["errors"] == [], sqlite["errors"]
    figures = {f["key"]: f for f in sqlite["figures"]}
    for key in EXPECTED:
        assert key in figures, key
        assert figures[key]["value"] is not None, key
        assert set(figures[key]) >= {"label", "size", "value", "baseline", "ratio", "target", "met"}
    # every phase handled all it was given (a phase whose handler fails would time out with fewer)
    assert (
        figures["relay_rate"]["size"],
        figures["consumer_rate"]["size"],
        figures["naive_rate"]["size"],
        figures["replay_seconds"]["size"],
    ) == ("200 rows", "200 events", "50 events", "300 events")
    assert {b["key"] for b in result["baselines"]} == {"raw_publish_rate", "raw_pull_rate"}
    assert result["machine"]["cores"] >= 1
    assert set(sqlite["latency"]) == set(sqlite["stubbed_latency"]) == {"20", "flat"}
    assert figures["tokens_flat_rate"]["baseline_label"] == "stubbed"
    assert sqlite["stubbed_latency"]["flat"]["ok"] > 0  # the stubbed process answered the same commands
    assert (tmp_path / "latency-sqlite.png").read_bytes().startswith(b"\x89PNG")
    assert "relay" in proc.stdout and "met" in proc.stdout
    # issue 13: the console's first screen in Chromium (where there is one) and the JavaScript shipped
    console = {f["key"]: f for f in result["console"]["figures"]}
    assert result["console"]["errors"] == [], result["console"]["errors"]
    assert set(console) == {"console_js_kb", "console_first_screen_p50", "console_first_screen_p95"}
    assert console["console_js_kb"]["value"] > 0
    if Path("/usr/bin/chromium").exists():
        assert console["console_first_screen_p50"]["value"] > 0, console["console_first_screen_p50"]["note"]
    # issue 16: relay (against raw publish on the same server settings), consumer and commands, both settings
    durability = {f["key"]: f for f in result["durability"]}
    for mode in ("durable", "fast"):
        for what in ("raw_publish_rate", "relay_rate", "consumer_rate", "command_rate"):
            assert durability[f"{mode}_{what}"]["value"], f"{mode}_{what}"
        assert durability[f"{mode}_relay_rate"]["size"] == "200 rows"
        assert durability[f"{mode}_consumer_rate"]["size"] == "200 events"
    reads = [f for k, f in figures.items() if k.startswith("reads_") and k.endswith("_p95")]
    assert reads and all("HTTP 200" in f["size"] for f in reads)  # every list, search and statistic answered
