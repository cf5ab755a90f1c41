"""`make bench`, durability section (issue 16): the relay, the consumer and commands under
QIAOLIAN_DURABILITY=durable (SQLite synchronous=FULL, nats-server `sync_interval: always`) and =fast
(synchronous=NORMAL, nats-server's default 2-minute flush), each on a nats-server and SQLite files of
its own, with raw publish on the same server as the relay's baseline. Kept apart from the main passes
(and from the token comparison): sizes `BENCH_DURABILITY_N` (20 000 rows and events) and
`BENCH_DURABILITY_SECONDS` (5 s of commands flat out, 8 in flight, on a rights process of its own).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from qiaolian_chassis.bus import Bus
from qiaolian_contracts.catalog import CONSUMERS_BY_DURABLE

from .run import (
    BENCH_USER,
    RAW_STREAM,
    SUPERVISION,
    Figure,
    consumer_catch_up,
    fill_outbox,
    flat_out,
    log,
    office_definition,
    percentile,
    rate_vs,
    raw_publish,
    relay_drain,
    rights_definition,
    top_up_rights,
)

MODES = ("durable", "fast")


async def _migrated(definition: Any, path: Path, mode: str) -> Any:
    from qiaolian_chassis.db import Database

    db = Database(f"sqlite+aiosqlite:///{path.resolve()}", definition.metadata, definition.migrations, mode)
    await db.migrate()
    return db


async def _commands(work: Path, server: Any, mode: str, seconds: float) -> tuple[float, float | None]:
    """rights as a process in this mode: petitions per second flat out, and the p50 latency in ms."""
    import httpx

    from qiaolian_chassis.testing import TokenAuth
    from qiaolian_deploy.launcher import Launcher
    from qiaolian_deploy.natsserver import free_port

    launcher = Launcher(
        var_dir=work / "services",
        nats_url=server.url,
        nats_credentials_from=server.credentials_dir,
        log_dir=work / "services" / "logs",
        ports={"rights": free_port()},
        services=("rights",),
        durability=mode,
    )
    launcher.start_service("rights")
    try:
        await asyncio.to_thread(launcher.wait_ready, 120.0, ("rights",))
        async with httpx.AsyncClient(base_url=launcher.url("rights"), timeout=30, auth=TokenAuth("rights")) as c:
            await flat_out(c, 4, 1.0)  # warm up
            sent, elapsed = await flat_out(c, 8, seconds)
    finally:
        await asyncio.to_thread(launcher.stop)
    ok = [s for s in sent if s.petition_id]
    return len(ok) / elapsed, percentile([s.latency_ms for s in ok], 50)


async def durability_pass(work: Path, mode: str, n: int, seconds: float, timeout_s: float) -> list[Figure]:
    import nats

    from qiaolian_deploy.launcher import provision_at
    from qiaolian_deploy.natsserver import NatsServer

    work.mkdir(parents=True, exist_ok=True)
    server = NatsServer(
        work / "nats", log_file=work / "nats-server.log", extra_users=[BENCH_USER], sync_always=mode == "durable"
    )
    figures: list[Figure] = []
    await asyncio.to_thread(server.start)
    try:
        await provision_at(server.url, credentials=server.creds("provisioner"))
        nc = await nats.connect(server.url_as(BENCH_USER.user))
        bus = Bus(server.url, name="bench", credentials=server.creds(BENCH_USER.user))
        bus.start()
        await bus.wait_connected()
        try:
            log(f"durability {mode}: raw publish, {n} messages")
            k, s = await raw_publish(nc, n, timeout_s)
            raw = k / s
            await nc.jetstream().delete_stream(RAW_STREAM)
            figures.append(
                Figure(f"{mode}_raw_publish_rate", f"{mode}: raw JetStream publish", f"{k} messages", raw, "/s")
            )

            log(f"durability {mode}: relay draining {n} rows")
            rights = rights_definition()
            rdb = await _migrated(rights, work / "relay_rights.db", mode)
            try:
                await fill_outbox(rdb, rights.tables.outbox, n)
                k, s = await relay_drain(bus, rdb, rights.tables, timeout_s)
            finally:
                await rdb.dispose()
            figures.append(
                rate_vs(f"{mode}_relay_rate", f"{mode}: outbox relay", f"{k} rows", k / s, raw, "raw publish", 0.5)
            )

            log(f"durability {mode}: consumer catching up on {n} events")
            js = nc.jetstream(timeout=10)
            await top_up_rights(js, n, timeout_s, trim=True)
            odb = await _migrated(office_definition(), work / "consumer_office.db", mode)
            try:
                k, s, _rows = await consumer_catch_up(bus, js, odb, CONSUMERS_BY_DURABLE[SUPERVISION], timeout_s)
            finally:
                await odb.dispose()
            figures.append(
                Figure(f"{mode}_consumer_rate", f"{mode}: consumer office--supervision", f"{k} events", k / s, "/s")
            )
        finally:
            await bus.close()
            await nc.close()

        log(f"durability {mode}: commands flat out for {seconds:g} s")
        rate, p50 = await _commands(work, server, mode, seconds)
        fig = Figure(
            f"{mode}_command_rate", f"{mode}: POST /petitions flat out, 8 in flight", f"{seconds:g} s", rate, "/s"
        )
        fig.note = f"p50 {p50:.1f} ms" if p50 is not None else ""
        figures.append(fig)
    finally:
        await asyncio.to_thread(server.stop)
    return figures


async def durability_figures(work: Path, timeout_s: float) -> list[Figure]:
    n = int(os.environ.get("BENCH_DURABILITY_N", 20_000))
    seconds = float(os.environ.get("BENCH_DURABILITY_SECONDS", 5.0))
    out: list[Figure] = []
    for mode in MODES:
        out += await durability_pass(work / f"durability-{mode}", mode, n, seconds, timeout_s)
    return out
