"""The local launcher behind `make run`: nats-server, provisioning, the four services and the console.

Tests use the same class, so what `make run` does is what the system tests exercise.

Environment: `QIAOLIAN_ENV` (default `dev` here). In dev the launcher makes the keys on the first
start under `<var>/keys/` and hands each process its own: the console the signing key
(`CONSOLE_SIGNING_KEY_FILE`) and the demo accounts (`CONSOLE_DEMO`), every service the public key
(`QIAOLIAN_TOKEN_PUBLIC_KEY_FILE`), rights alone the ID-hash key (`RIGHTS_ID_HASH_KEY_FILE`). A key
the environment gives already (`<NAME>` or `<NAME>_FILE`) wins. Outside dev it passes nothing of the kind: the
processes then refuse to start without their keys.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from qiaolian_chassis.db import DURABLE, FAST
from qiaolian_chassis.logging import get_logger
from qiaolian_chassis.provision import provision_as_provisioner
from qiaolian_chassis.settings import DEFAULT_PORTS, BusSettings, NatsCredentials
from qiaolian_chassis.supervision import write_failing
from qiaolian_contracts.catalog import SERVICES
from qiaolian_contracts.nats_users import PROVISIONER

from .keys import KeyFiles, ensure_keys
from .natsserver import NatsServer, free_port, port_open
from .supervisor import Restarts

log = get_logger("qiaolian.launcher")

LOCAL_NATS_PORT = 14222
CONSOLE = "console"
PORTS = {**DEFAULT_PORTS, CONSOLE: 8000}
DEV = "dev"
NATS = "nats-server"


async def provision_at(
    url: str, settings: BusSettings | None = None, credentials: NatsCredentials | None = None
) -> list[str]:
    """Provision the server at `url` as the `provisioner` user (from `credentials`, else the settings:
    QIAOLIAN_NATS_USER/PASSWORD, QIAOLIAN_NATS_CREDENTIALS_FILE or var/nats/provisioner.json)."""
    return await provision_as_provisioner(settings or BusSettings(nats_url=url), url, credentials)


def _key_file(env: dict[str, str], name: str, path: Path) -> None:
    """`<name>_FILE` = path, unless the environment gives the key already, as a file or a value (a
    file would win over the value, and the key of the two sides would differ)."""
    if not env.get(name) and not env.get(f"{name}_FILE"):
        env[f"{name}_FILE"] = str(path)


@dataclass
class Launcher:
    var_dir: Path
    nats_url: str | None = None  # None: start our own nats-server under var_dir
    ports: dict[str, int] = field(default_factory=lambda: dict(PORTS))
    env: dict[str, str] = field(default_factory=dict)
    services: tuple[str, ...] = (*SERVICES, CONSOLE)
    nats_port: int = LOCAL_NATS_PORT
    log_dir: Path | None = None  # None: services log to this process's stderr
    nats: NatsServer | None = None
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    environment: str = ""  # "" : QIAOLIAN_ENV from `env` or the process environment, else dev
    durability: str = ""  # "" : QIAOLIAN_DURABILITY from `env` or the process environment, else durable
    keys: KeyFiles | None = None
    nats_credentials_from: Path | None = None  # the users' credentials files of a server not ours
    restarts: dict[str, Restarts] = field(default_factory=dict)  # run_forever's supervision

    def __post_init__(self) -> None:
        for service in self.services:  # ports given for some (tests): the rest get free ones
            self.ports.setdefault(service, free_port())
        self.environment = self.environment or self.env.get("QIAOLIAN_ENV") or os.environ.get("QIAOLIAN_ENV") or DEV
        self.durability = (
            self.durability or self.env.get("QIAOLIAN_DURABILITY") or os.environ.get("QIAOLIAN_DURABILITY") or DURABLE
        )

    def dev_keys(self) -> KeyFiles:
        if self.keys is None:
            self.keys = ensure_keys(self.var_dir / "keys")
        return self.keys

    def start_nats(self) -> None:
        if self.nats_url:
            return
        if port_open(self.nats_port):
            raise SystemExit(f"port {self.nats_port} is taken: stop what runs there or set QIAOLIAN_NATS_URL")
        self.nats = NatsServer(
            self.var_dir / "nats",
            port=self.nats_port,
            log_file=self.var_dir / "nats-server.log",
            sync_always=self.durability != FAST,  # `jetstream { sync_interval: always }`, as compose has
            integrator_durables=BusSettings().nats_integrator_durables,
        )
        self.nats.start()
        self.nats_url = self.nats.url

    # ---- NATS users: each process connects as its own (contracts/nats_users.py) ----

    @property
    def nats_credentials_dir(self) -> Path:
        """Where the users' credentials files are: our server's, else var/nats/ (an external server's
        passwords may be put there as <user>.json, or given in the environment)."""
        if self.nats_credentials_from:
            return self.nats_credentials_from
        return self.nats.credentials_dir if self.nats else self.var_dir / "nats"

    def nats_credentials(self, user: str) -> NatsCredentials | None:
        path = self.nats_credentials_dir / f"{user}.json"
        return NatsCredentials.from_file(path) if path.is_file() else None

    def apply_nats_user(self, env: dict[str, str], user: str) -> None:
        """Point a child process at its user's credentials file, when there is one."""
        path = self.nats_credentials_dir / f"{user}.json"
        if path.is_file():
            env["QIAOLIAN_NATS_USER"] = user
            env["QIAOLIAN_NATS_CREDENTIALS_FILE"] = str(path)
            env.pop("QIAOLIAN_NATS_PASSWORD", None)  # the file is this user's; a password set for another is not

    def provision(self) -> list[str]:
        return asyncio.run(provision_at(self.nats_url or "", credentials=self.nats_credentials(PROVISIONER)))

    def service_env(self, service: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.env)
        self.apply_nats_user(env, service)
        env["QIAOLIAN_NATS_URL"] = self.nats_url or ""
        env["QIAOLIAN_VAR_DIR"] = str(self.var_dir)
        env["QIAOLIAN_SUPERVISOR_STATUS_FILE"] = str(self.status_file)
        env["QIAOLIAN_ENV"] = self.environment
        env["QIAOLIAN_DURABILITY"] = self.durability
        env[f"{service.upper()}_PORT"] = str(self.ports[service])
        if service == CONSOLE:
            for s in SERVICES:
                if s in self.ports:
                    env[f"CONSOLE_{s.upper()}_URL"] = self.url(s)
        if self.environment == DEV:
            keys = self.dev_keys()
            if service == CONSOLE:
                _key_file(env, "CONSOLE_SIGNING_KEY", keys.signing)
                env.setdefault("CONSOLE_DEMO", "true")
            else:
                _key_file(env, "QIAOLIAN_TOKEN_PUBLIC_KEY", keys.public)
            if service == "rights":
                _key_file(env, "RIGHTS_ID_HASH_KEY", keys.id_hash)
        return env

    def start_service(self, service: str) -> None:
        out: int | object = subprocess.DEVNULL
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{service}.log", "ab")
        else:
            out = None  # inherit
        self.procs[service] = subprocess.Popen(
            [sys.executable, "-m", f"qiaolian_{service}"],
            env=self.service_env(service),
            stdout=out,
            stderr=out,
        )

    def stop_service(self, service: str, kill: bool = False) -> None:
        proc = self.procs.pop(service, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def wait_ready(self, timeout: float = 60.0, services: tuple[str, ...] | None = None) -> None:
        deadline = time.monotonic() + timeout
        for service in services or self.services:
            while True:
                proc = self.procs.get(service)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{service} exited with {proc.returncode}")
                try:
                    with urllib.request.urlopen(self.url(service) + "/health/ready", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{service} not ready after {timeout}s")
                time.sleep(0.1)

    # ---- demo mode: the demo accounts (the console loads them) and the demo business data ----

    @property
    def demo(self) -> bool:
        """Whether this run is a demo: dev, with the console, and CONSOLE_DEMO on (as `make run` sets)."""
        if self.environment != DEV or CONSOLE not in self.services:
            return False
        return self.service_env(CONSOLE).get("CONSOLE_DEMO", "").strip().lower() in ("1", "true", "yes", "on")

    def signing_key(self) -> bytes:
        """The key the console signs tokens with in this run (the environment's, else the dev key file)."""
        env = self.service_env(CONSOLE)
        if env.get("CONSOLE_SIGNING_KEY_FILE"):
            return Path(env["CONSOLE_SIGNING_KEY_FILE"]).read_bytes()
        return env.get("CONSOLE_SIGNING_KEY", "").encode()

    def load_demo_data(self) -> dict[str, int] | None:
        """In demo mode, on the first start only: the demo business data (demo_data.py); what was made."""
        if not self.demo:
            return None
        from .demo_data import load_once

        urls = {s: self.url(s) for s in self.services}
        return load_once(self.var_dir, urls, self.signing_key())

    @property
    def status_file(self) -> Path:
        """Where the supervisor writes the processes that fail over and over (services report it)."""
        return self.var_dir / "supervisor.json"

    def start(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.status_file.unlink(missing_ok=True)
        self.start_nats()
        self.provision()
        for service in self.services:
            self.start_service(service)

    def stop(self) -> None:
        for service in list(self.procs):
            proc = self.procs[service]
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for service in list(self.procs):
            self.stop_service(service)
        if self.nats:
            self.nats.stop()

    # ---- supervision (run_forever): restart what exits, with backoff (supervisor.py) ----

    def _exit_code(self, name: str) -> tuple[bool, int | None]:
        """Whether the process is down, and its exit code if it ran."""
        proc = self.nats.proc if name == NATS and self.nats else self.procs.get(name)
        if proc is None:
            return True, None
        code = proc.poll()
        return code is not None, code

    def _restart(self, name: str) -> None:
        if name == NATS and self.nats:
            self.nats.proc = None
            self.nats.start()
        else:
            self.start_service(name)

    def supervise(self, now: float | None = None) -> None:
        """One round: note what exited, start again what is due, clear what has been up a minute;
        rewrite the status file when the failing set changes."""
        now = time.monotonic() if now is None else now
        names = ([NATS] if self.nats else []) + list(self.procs)
        before = {n for n, r in self.restarts.items() if r.failing}
        for name in names:
            r = self.restarts.setdefault(name, Restarts(name, started_at=now))
            down, code = self._exit_code(name)
            if r.restart_at is None and down:
                wait = r.exited(now, code)
                log.warning("process_exited", process=name, exit_code=code, restart_in_s=wait)
                if r.failing and name not in before:
                    log.error("process_failing", process=name, why=r.why())
            elif r.due(now):
                try:
                    self._restart(name)
                except (OSError, RuntimeError) as exc:  # nats-server that does not come up: next try
                    r.started(now)
                    wait = r.exited(time.monotonic(), None)
                    log.warning("process_start_failed", process=name, error=str(exc), restart_in_s=wait)
                    continue
                r.started(time.monotonic())
                log.info("process_restarted", process=name)
            elif not down and r.healthy(now):
                log.info("process_recovered", process=name)
        failing = {n: r.why() for n, r in self.restarts.items() if r.failing}
        if set(failing) != before:
            write_failing(self.status_file, failing)

    def run_forever(self) -> int:
        """`make run`: until Ctrl-C or SIGTERM. A process that exits meanwhile is started again
        (supervise); the others keep running."""
        stopping = False

        def _stop(_sig: int, _frm: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        try:
            self.start()
            # five processes importing at once take a while on a small, busy machine
            self.wait_ready(timeout=180)
        except BaseException:
            self.stop()  # no process outlives a start that failed
            raise
        try:
            self.load_demo_data()
        except Exception as exc:  # the system runs without it; the next start tries again
            print(f"demo data not loaded ({exc}); the next start tries again", file=sys.stderr, flush=True)
        print(
            "qiaolian is up: "
            + ", ".join(f"{s} {self.url(s)}" for s in self.services)
            + f"; NATS {self.nats_url}; Ctrl-C stops everything",
            file=sys.stderr,
            flush=True,
        )
        if CONSOLE in self.services:
            demo = ' (demo accounts, password qiaolian-demo: README, "Signing in")' if self.environment == DEV else ""
            print(f"sign in at {self.url(CONSOLE)}{demo}", file=sys.stderr, flush=True)
        now = time.monotonic()
        self.restarts = {n: Restarts(n, started_at=now) for n in ([NATS] if self.nats else []) + list(self.procs)}
        while not stopping:
            self.supervise()
            time.sleep(0.3)
        self.stop()
        return 0
