"""`make run` supervises its processes (README, "For operators"): the restart policy's arithmetic, and
the real launcher (`qiaolian run` as a process, its own nats-server) with processes killed by SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from qiaolian_chassis.testing import TokenAuth
from qiaolian_deploy.natsserver import free_port
from qiaolian_deploy.supervisor import FAILING_EXITS, Restarts
from tests.conftest import eventually

# ---- the policy ---------------------------------------------------------------------------------


def test_delay_doubles_from_one_second_to_thirty_and_starts_over_after_a_minute_up() -> None:
    r = Restarts("office", started_at=0.0)
    now, delays = 0.0, []
    for _ in range(7):
        now += 0.5  # dies half a second after each start
        delays.append(r.exited(now, -9))
        now = r.restart_at or now
        r.started(now)
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    assert not r.healthy(now + 59)
    r.healthy(now + 60)
    assert r.exited(now + 61, 1) == 1  # a minute up: the next exit waits 1 s again


def test_five_exits_in_a_row_within_a_minute_is_failing_until_a_minute_up() -> None:
    r = Restarts("office", started_at=0.0)
    now = 0.0
    for n in range(FAILING_EXITS):
        assert not r.failing, n
        now += 0.1
        r.exited(now, 3)
        now = r.restart_at or now
        r.started(now)
    assert r.failing and "exited 5 times" in r.why() and "exit code 3" in r.why()
    assert r.healthy(now + 60)  # ends the failing spell
    assert not r.failing


def test_exits_spread_over_more_than_a_minute_are_not_failing() -> None:
    r = Restarts("office", started_at=0.0)
    now = 0.0
    for _ in range(FAILING_EXITS):
        now += 20  # up 20 s each time: never a minute, but never five within one
        r.exited(now, 1)
        now = r.restart_at or now
        r.started(now)
    assert not r.failing


# ---- the launcher, as `make run` starts it --------------------------------------------------------

SERVICES = ("office", "liaison", "rights", "personnel", "console")


class Run:
    """`qiaolian run` on free ports under a fresh var directory."""

    def __init__(self, var: Path) -> None:
        self.var = var
        self.ports = {s: free_port() for s in SERVICES}
        self.nats_port = free_port()
        env = dict(os.environ)
        env.update({f"{s.upper()}_PORT": str(p) for s, p in self.ports.items()})
        env.update(
            QIAOLIAN_VAR_DIR=str(var),
            QIAOLIAN_LOCAL_NATS_PORT=str(self.nats_port),
            QIAOLIAN_RELAY_POLL_S="0.2",
            CONSOLE_DEMO="false",  # no demo data: only this test's petitions
        )
        env.pop("QIAOLIAN_NATS_URL", None)
        var.mkdir(parents=True)
        self.log = var / "launcher.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "qiaolian_deploy.cli", "run"],
            env=env,
            stdout=open(self.log, "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def url(self, s: str) -> str:
        return f"http://127.0.0.1:{self.ports[s]}"

    def ready(self, s: str) -> dict | None:
        try:
            r = httpx.get(self.url(s) + "/health/ready", timeout=2)
        except httpx.TransportError:
            return None
        return r.json() if r.status_code == 200 else None

    def child(self, marker: str) -> int:
        """The pid of the launcher's child whose command line has `marker`."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError, IndexError):
                continue
            if ppid == self.proc.pid and marker in cmd:
                return int(stat.parent.name)
        raise LookupError(marker)

    def log_events(self) -> list[dict]:
        out = []
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            return -9


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    r = Run(tmp_path_factory.mktemp("supervised") / "var")
    try:
        eventually(lambda: all(r.ready(s) for s in SERVICES) or r.proc.poll() is not None, timeout=240, interval=0.5)
        assert r.proc.poll() is None, r.log.read_text(errors="replace")[-3000:]
        yield r
    finally:
        code = r.stop()
        print(r.log.read_text(errors="replace")[-3000:])
    assert code == 0  # stopped by SIGTERM, everything with it


def file_petitions(run: Run, count: int, out: list[str], errors: list[str]) -> None:
    with httpx.Client(base_url=run.url("rights"), timeout=30, auth=TokenAuth("rights")) as c:
        for n in range(count):
            body = {
                "channel": "letter",
                "petitioner": {"name": "測試", "status": "returnee"},
                "petition_class": "claim",
                "category": "property",
                "summary": f"supervised-{n:04d}",
                "received_on": date.today().isoformat(),
            }
            r = c.post("/petitions", json=body)  # rights is never killed here: every answer arrives
            if r.status_code != 201:
                errors.append(f"{n}: HTTP {r.status_code} {r.text[:200]}")
                continue
            out.append(r.json()["id"])
            time.sleep(0.05)


def board(run: Run) -> Counter[str]:
    seen: Counter[str] = Counter()
    with httpx.Client(base_url=run.url("office"), timeout=10, auth=TokenAuth("office")) as c:
        offset = 0
        while True:
            r = c.get("/supervision/items", params={"kind": "petition_first_decision", "limit": 500, "offset": offset})
            r.raise_for_status()
            page = r.json()
            seen.update(i["source_id"] for i in page["items"])
            offset += len(page["items"])
            if len(page["items"]) < 500:  # a short page is the last
                return seen


@pytest.mark.system
def test_a_killed_service_and_nats_server_come_back_and_every_petition_is_on_the_board_once(run: Run) -> None:
    filed: list[str] = []
    errors: list[str] = []
    sender = threading.Thread(target=file_petitions, args=(run, 120, filed, errors))
    sender.start()
    eventually(lambda: len(filed) >= 20, timeout=60)
    office = run.child("qiaolian_office")
    assert run.child("nats-server")
    os.kill(office, signal.SIGKILL)
    eventually(lambda: len(filed) >= 50, timeout=60)
    nats = run.child("nats-server")
    os.kill(nats, signal.SIGKILL)
    sender.join(timeout=180)
    assert not errors, errors[:5]
    assert len(filed) == 120
    # both started again by the launcher, as new processes
    eventually(lambda: _pid(run, "qiaolian_office") not in (None, office) and run.ready("office"), timeout=60)
    eventually(lambda: _pid(run, "nats-server") not in (None, nats), timeout=60)
    on_board = eventually(lambda: (b := board(run)) and all(b[p] for p in filed) and b, timeout=120, interval=1)
    assert {p: n for p, n in on_board.items() if p in filed and n != 1} == {}
    exits = [(e["process"], e["exit_code"]) for e in run.log_events() if e.get("event") == "process_exited"]
    assert ("office", -9) in exits and ("nats-server", -9) in exits
    assert run.proc.poll() is None  # the launcher is still running


@pytest.mark.system
def test_a_service_killed_five_times_within_a_minute_is_reported_failing_by_the_others(run: Run) -> None:
    for _ in range(FAILING_EXITS):
        pid = eventually(lambda: _pid(run, "qiaolian_personnel"), timeout=60, interval=0.1)
        os.kill(pid, signal.SIGKILL)
        eventually(lambda p=pid: _pid(run, "qiaolian_personnel") != p, timeout=60, interval=0.1)  # type: ignore[misc]
    failing = eventually(lambda: (run.ready("rights") or {}).get("failing"), timeout=10)
    assert set(failing) == {"personnel"} and "exited 5 times" in failing["personnel"]
    assert (run.ready("office") or {}).get("failing") == failing
    assert any(e.get("event") == "process_failing" and e["process"] == "personnel" for e in run.log_events())
    # the rest keep working: a petition filed now reaches office's board
    with httpx.Client(base_url=run.url("rights"), timeout=30, auth=TokenAuth("rights")) as c:
        r = c.post(
            "/petitions",
            json={
                "channel": "online",
                "petitioner": {"name": "測試", "status": "relative"},
                "petition_class": "proposal",
                "category": "property",
                "summary": "while-personnel-fails",
                "received_on": date.today().isoformat(),
            },
        )
        assert r.status_code == 201, r.text
    eventually(lambda: board(run)[r.json()["id"]] == 1, timeout=30, interval=0.5)
    # and personnel itself comes back after its backoff
    eventually(lambda: run.ready("personnel"), timeout=90, interval=0.5)


def _pid(run: Run, marker: str) -> int | None:
    try:
        return run.child(marker)
    except LookupError:
        return None


@pytest.mark.parametrize(("durability", "synced"), [(None, True), ("durable", True), ("fast", False)])
def test_make_runs_nats_server_syncs_every_write_unless_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durability: str | None, synced: bool
) -> None:
    from qiaolian_deploy.launcher import Launcher

    monkeypatch.delenv("QIAOLIAN_DURABILITY", raising=False)
    env = {"QIAOLIAN_DURABILITY": durability} if durability else {}
    launcher = Launcher(var_dir=tmp_path, env=env, nats_port=free_port(), services=("rights",))
    launcher.start_nats()
    try:
        assert launcher.nats is not None
        conf = (launcher.nats.store_dir / "nats-server.conf").read_text()
        assert ("sync_interval: always" in conf) is synced
        assert launcher.service_env("rights")["QIAOLIAN_DURABILITY"] == (durability or "durable")
    finally:
        launcher.stop()
