"""The conventional peer run beside qiaolian in one bench run (issue 15): `POST /petitions` flat out
against `tests/bench/peer_app.py` under uvicorn (one process, as `uvicorn app:app` starts it), with
the same client and concurrency as qiaolian's flat-out phase; and the target on qiaolian's command
latency p99 at 100/s."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .run import Backend, Figure, Report, Sizes, at_most, flat_out, log, percentile, rate_vs

# The peer's SQLite durability: NORMAL (WAL without an fsync per commit, the usual tuning) and FULL,
# an fsync per commit like qiaolian's default (QIAOLIAN_DURABILITY=durable): the like-for-like pair.
PEER_SYNCHRONOUS = ("NORMAL", "FULL")


async def _peer_flat_out(backend: Backend, sizes: Sizes, synchronous: str) -> tuple[float, float | None]:
    """(filings per second, latency p99 ms) of the peer flat out at one SQLite `synchronous`."""
    import httpx

    from qiaolian_deploy.natsserver import free_port

    url = await backend.url(f"peer_{synchronous.lower()}")
    port = free_port()
    env = dict(os.environ, PEER_DATABASE_URL=url, PEER_SYNCHRONOUS=synchronous)
    log_file = open(backend.work / "peer.log", "ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "tests.bench.peer_app:app", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=log_file,
        stderr=log_file,
        cwd=Path(__file__).resolve().parent.parent.parent,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if (await client.get("/health/ready")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the conventional peer did not start")
                await asyncio.sleep(0.2)
            for _ in range(20):
                await client.post("/petitions", json=_body())
            log(f"conventional peer (synchronous={synchronous}): flat out")
            sent, elapsed = await flat_out(client, sizes.flat_concurrency, sizes.flat_seconds)
    finally:
        proc.terminate()
        await asyncio.to_thread(proc.wait, 10)
    ok = [s for s in sent if s.petition_id]
    return len(ok) / elapsed, percentile([s.latency_ms for s in sent], 99)


async def peer_phase(report: Report, backend: Backend, sizes: Sizes) -> None:
    size = f"{sizes.flat_seconds:g} s, {sizes.flat_concurrency} in flight"
    flat = report.latency.get("flat")
    # on PostgreSQL the setting does not apply: one run
    for synchronous in PEER_SYNCHRONOUS if backend.pg_base is None else PEER_SYNCHRONOUS[:1]:
        peer_rate, p99 = await _peer_flat_out(backend, sizes, synchronous)
        suffix, how = ("", "") if synchronous == "NORMAL" else ("_full", ", synchronous=FULL as qiaolian's default")
        report.add(
            Figure(
                f"peer_flat_rate{suffix}",
                f"conventional peer: FastAPI + async SQLAlchemy, tx per request, flat out{how} (baseline)",
                size,
                peer_rate,
                "/s",
                note=f"p99 {p99} ms",
            )
        )
        if flat:
            report.add(
                rate_vs(
                    f"flat_vs_peer{suffix}",
                    f"POST /petitions flat out against the conventional peer{how}",
                    size,
                    flat["rate"],
                    peer_rate,
                    "peer" if not suffix else "peer at FULL",
                    2.0,
                )
            )
    at100 = report.latency.get("100")
    if at100:
        report.add(
            at_most(
                "command_p99_100_target",
                "command latency p99 at 100/s",
                f"{at100['ok']} commands",
                at100["command_p99"],
                "ms",
                10.0,
            )
        )


def _body() -> dict[str, Any]:
    from .run import PETITION

    return PETITION
