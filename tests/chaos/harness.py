"""Chaos run: N commands over the three foundation flows while nats-server and each service are killed.

1. Start nats-server and the four services as processes (the launcher `make run` uses), on loopback
   ports under a fresh var directory; register office's fleet.
2. Send N commands (petition filed, delegation visit scheduled, cadre appointed), chosen with
   `random.Random(seed)`, from a few worker threads. Meanwhile kill -9 nats-server (restart on the
   same port and store) and each service (restart on the same database) at seeded moments of the
   sending, each restarted after a short pause. Every command carries a unique marker (petition
   summary, association name, cadre name), so a command whose response was lost is looked up
   afterwards instead of being sent twice. A refused connection was never received: it is retried.
3. Wait until every outbox is drained and every durable consumer has nothing pending or unacked.
4. Count, by id, each accepted command's effect in every subscriber, read from the services'
   SQLite files (read-only); check the inbox rows and the producers' outboxes behind them, the
   outboxes (GET /admin/outbox) and the dead letters (GET /admin/dead-letters).

With `CLUSTER=1` (Config.cluster) the bus is three nats-servers clustered on loopback ports with
every stream R3, every service runs on PostgreSQL (a database per service, `chaos_<service>`, on
QIAOLIAN_TEST_DATABASE_URL's server) with two replicas that share their durable consumers (one relay
publishes at a time, through the advisory lock), and the nats-server kills alternate between the node
leading the RIGHTS stream and another node; each service kill takes down one replica, the other keeps
serving (the senders alternate between the replicas, and a refused command goes to the other one).

Everything is bounded in count and time and uses 127.0.0.1 only. The last line printed is
`chaos: N commands, N effects, 0 lost, 0 doubled, longest gap between effects S s` (the gap: between two
consecutive inbox rows of all the services, from the first to the end of the sending).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.settings import BusSettings, NatsCredentials
from qiaolian_chassis.testing import TokenAuth, trust_test_key
from qiaolian_contracts.catalog import CONSUMERS, SERVICES
from qiaolian_contracts.nats_users import PROVISIONER
from qiaolian_deploy.launcher import Launcher, provision_at
from qiaolian_deploy.natsserver import NatsCluster, NatsServer, free_port

FILED = "qiaolian.rights.petition.filed.v1"
SCHEDULED = "qiaolian.liaison.delegation_visit.scheduled.v1"
APPOINTED = "qiaolian.personnel.cadre.appointed.v1"
ARRANGED = "qiaolian.office.reception.arranged.v1"
BOOKED = "qiaolian.office.vehicle.booked.v1"
DECLINED = "qiaolian.office.vehicle.booking_declined.v1"
PRODUCER = {"petition": "rights", "visit": "liaison", "appointment": "personnel"}
OFFICES = ("rights", "liaison", "office", "personnel")


@dataclass
class Config:
    commands: int = 10_000
    nats_kills: int = 5
    service_kills: int = 5  # per service
    seed: int = 20250907
    workers: int = 8
    pause_s: tuple[float, float] = (0.5, 2.0)  # between a kill and the restart
    vehicles: int = 12
    quiesce_timeout_s: float = 300.0
    ack_wait_s: float = 10.0  # a message unacked by a killed consumer comes back after this
    send_timeout_s: float = 1200.0  # the whole sending phase, retries included
    var_dir: Path | None = None  # None: a temporary directory, removed after a clean run
    verbose: bool = True
    cluster: bool = False  # three clustered nats-servers, R3 streams
    database_url: str | None = None  # a PostgreSQL server: each service on a database of its own there
    replicas: int = 1  # processes per service (more than one needs PostgreSQL)
    db_prefix: str = "chaos"  # the databases are <db_prefix>_<service>, made afresh
    max_gap_s: float | None = None  # the run fails when two effects are further apart than this

    @classmethod
    def from_env(cls) -> Config:
        e = os.environ
        var = e.get("CHAOS_VAR_DIR")
        cluster = e.get("CHAOS_CLUSTER", e.get("CLUSTER", "")).strip().lower() in ("1", "true", "yes", "on")
        database_url = e.get("CHAOS_DATABASE_URL") or (e.get("QIAOLIAN_TEST_DATABASE_URL") if cluster else None)
        if cluster and not database_url:
            raise SystemExit("CLUSTER=1 runs the services on PostgreSQL: set QIAOLIAN_TEST_DATABASE_URL")
        return cls(
            commands=int(e.get("CHAOS_COMMANDS", cls.commands)),
            # the cluster run: the RIGHTS leader, then another node; one replica of each service
            nats_kills=int(e.get("CHAOS_NATS_KILLS", 2 if cluster else cls.nats_kills)),
            service_kills=int(e.get("CHAOS_SERVICE_KILLS", 1 if cluster else cls.service_kills)),
            seed=int(e.get("CHAOS_SEED", cls.seed)),
            workers=int(e.get("CHAOS_WORKERS", cls.workers)),
            pause_s=(2.0, 4.0) if cluster else cls.pause_s,
            quiesce_timeout_s=float(e.get("CHAOS_QUIESCE_TIMEOUT_S", cls.quiesce_timeout_s)),
            var_dir=Path(var) if var else None,
            cluster=cluster,
            database_url=database_url,
            replicas=int(e.get("CHAOS_REPLICAS", 2 if database_url else 1)),
            max_gap_s=5.0 if cluster else None,
        )


@dataclass
class Command:
    n: int
    kind: str  # petition | visit | appointment
    marker: str
    body: dict[str, Any]
    office: str = ""  # appointment: the office of the post
    id: str | None = None  # petition id, visit id, or cadre id
    appointed: bool = False
    state: str = "new"  # new | accepted | ambiguous | refused | rejected
    detail: str = ""
    first_refused: float | None = None
    attempts: int = 0  # the replica of an attempt: (n + attempts) % replicas


@dataclass
class Result:
    commands: int = 0  # sent
    accepted: int = 0
    effects: int = 0
    lost: int = 0
    doubled: int = 0
    problems: list[str] = field(default_factory=list)
    dead_letters: list[dict[str, Any]] = field(default_factory=list)
    outbox_pending: dict[str, int] = field(default_factory=dict)
    kills: list[str] = field(default_factory=list)
    ambiguous: int = 0
    retried: int = 0
    not_accepted: list[str] = field(default_factory=list)
    seconds: float = 0.0
    longest_gap_s: float = 0.0  # between two consecutive effects (inbox rows) while commands were sent
    sent_at: float | None = None  # when the sending ended (epoch seconds)
    max_gap_s: float | None = None

    @property
    def line(self) -> str:
        return (
            f"chaos: {self.accepted} commands, {self.effects} effects, {self.lost} lost, {self.doubled} doubled, "
            f"longest gap between effects {self.longest_gap_s:.1f} s"
        )

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.doubled == 0
            and not self.problems
            and not self.dead_letters
            and not any(self.outbox_pending.values())
            and not self.not_accepted
            and (self.max_gap_s is None or self.longest_gap_s <= self.max_gap_s)
        )


class Log:
    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.t0 = time.monotonic()

    def __call__(self, msg: str) -> None:
        if self.verbose:
            print(f"[{time.monotonic() - self.t0:7.1f}s] {msg}", file=sys.stderr, flush=True)


# ---- the system under test: the bus, and each service's replicas ----------------------------------


class PgReader:
    """A read connection to one service's PostgreSQL database with sqlite3's `execute(sql, params)`
    (`?` placeholders), so the checks below read either backend the same way."""

    def __init__(self, url: str) -> None:
        import asyncpg

        self.loop = asyncio.new_event_loop()
        self.conn = self.loop.run_until_complete(asyncpg.connect(plain_pg_url(url)))

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        n = itertools.count(1)
        sql = re.sub(r"\?", lambda _m: f"${next(n)}", sql)
        return [tuple(r) for r in self.loop.run_until_complete(self.conn.fetch(sql, *params))]

    def close(self) -> None:
        self.loop.run_until_complete(self.conn.close())
        self.loop.close()


def plain_db(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)


def plain_pg_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _fresh_databases(server_url: str, names: list[str], drop_only: bool = False) -> None:
    import asyncpg

    conn = await asyncpg.connect(plain_pg_url(server_url))
    try:
        for name in names:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not drop_only:
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def database_urls(cfg: Config) -> dict[str, str]:
    """service -> its database's URL on cfg.database_url's server (empty: SQLite files under var)."""
    if not cfg.database_url:
        return {}
    from sqlalchemy.engine import make_url

    base = make_url(cfg.database_url)
    return {s: base.set(database=f"{cfg.db_prefix}_{s}").render_as_string(hide_password=False) for s in SERVICES}


@dataclass
class System:
    """What the run starts: the bus (one nats-server or a cluster of three) and `replicas` launchers,
    each running one process of every service (the first also the console) on shared databases."""

    var_dir: Path
    launchers: list[Launcher]
    server: NatsServer | None = None
    cluster: NatsCluster | None = None
    databases: dict[str, str] = field(default_factory=dict)  # service -> PostgreSQL URL

    @property
    def launcher(self) -> Launcher:
        return self.launchers[0]

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(self.launcher.services)

    def url(self, service: str, replica: int = 0) -> str:
        return str(self.launchers[replica % len(self.launchers)].url(service))

    def replicas_of(self, service: str) -> list[Launcher]:
        return [la for la in self.launchers if service in la.services]

    def db(self, service: str) -> Any:
        """A read-only view of the service's database (sqlite3 or PgReader: `execute`, `close`)."""
        if service in self.databases:
            return PgReader(self.databases[service])
        return ro(self.var_dir, service)

    def nats_logs(self) -> list[Path]:
        if self.cluster:
            return [n.log_file for n in self.cluster.nodes if n.log_file]
        return [self.var_dir / "nats.log"]

    def stop(self) -> None:
        for la in reversed(self.launchers):
            la.stop()
        if self.cluster:
            self.cluster.stop()


# ---- the workload ------------------------------------------------------------------------------


def plan(cfg: Config, rng: random.Random) -> list[Command]:
    run = f"{cfg.seed:x}"
    today = date.today()
    cmds = []
    for n in range(cfg.commands):
        kind = rng.choice(("petition", "visit", "appointment"))
        marker = f"chaos-{run}-{n:06d}"
        if kind == "petition":
            body = {
                "channel": rng.choice(("letter", "visit", "online")),
                "petitioner": {"name": "測試", "status": rng.choice(("returnee", "relative"))},
                "petition_class": rng.choice(("claim", "proposal")),
                "category": "property",
                "summary": marker,
                "received_on": today.isoformat(),
            }
            cmds.append(Command(n, kind, marker, body))
        elif kind == "visit":
            start = today + timedelta(days=rng.randint(30, 400))
            vehicles = rng.choice((0, 1, 1, 2))
            body = {
                "association_name": marker,
                "country": rng.choice(("MY", "SG", "US", "CA")),
                "size": rng.randint(2, 40),
                "arrival_on": start.isoformat(),
                "departure_on": (start + timedelta(days=rng.randint(0, 4))).isoformat(),
                "needs_reception": vehicles == 0 or rng.random() < 0.8,
                "vehicles_needed": vehicles,
            }
            cmds.append(Command(n, kind, marker, body))
        else:
            office = rng.choice(OFFICES)
            body = {"office": office, "post": "科員", "effective_on": today.isoformat()}
            cmds.append(Command(n, kind, marker, body, office=office))
    return cmds


class Refused(Exception):
    """The connection was refused: the service is down and never saw the request."""


class Ambiguous(Exception):
    """The request may or may not have been applied (response lost, or a server error)."""


def post(client: httpx.Client, url: str, body: dict[str, Any]) -> httpx.Response:
    try:
        r = client.post(url, json=body)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise Refused(type(exc).__name__) from exc
    except httpx.TransportError as exc:
        raise Ambiguous(type(exc).__name__) from exc
    if r.status_code >= 500:
        raise Ambiguous(f"HTTP {r.status_code}")
    return r


def execute(cmd: Command, clients: dict[str, httpx.Client]) -> None:
    """One attempt at the command's remaining steps; sets cmd.state (or raises Refused/Ambiguous)."""
    if cmd.kind == "petition":
        r = post(clients["rights"], "/petitions", cmd.body)
    elif cmd.kind == "visit":
        r = post(clients["liaison"], "/delegation-visits", cmd.body)
    else:
        if cmd.id is None:  # step 1: the cadre record (no event); step 2: the appointment
            r = post(clients["personnel"], "/cadres", {"name": cmd.marker})
            if r.status_code != 201:
                cmd.state, cmd.detail = "rejected", f"register cadre: HTTP {r.status_code} {r.text[:200]}"
                return
            cmd.id = r.json()["id"]
        r = post(clients["personnel"], f"/cadres/{cmd.id}/appointments", cmd.body)
    if r.status_code != 201:
        cmd.state, cmd.detail = "rejected", f"HTTP {r.status_code} {r.text[:200]}"
        return
    if cmd.kind == "appointment":
        cmd.appointed = True
    else:
        cmd.id = r.json()["id"]
    cmd.state = "accepted"


# ---- kills -------------------------------------------------------------------------------------


@dataclass(order=True)
class Kill:
    at: int  # before the at-th command is dispatched
    target: str  # "nats" or a service
    pause_s: float
    replica: int = 0  # of a service: which of its processes


def kill_schedule(cfg: Config, rng: random.Random) -> list[Kill]:
    targets = [("nats", 0)] * cfg.nats_kills + [
        (s, i % cfg.replicas) for s in SERVICES for i in range(cfg.service_kills)
    ]
    lo, hi = int(cfg.commands * 0.03), max(int(cfg.commands * 0.9), 1)
    return sorted(Kill(rng.randint(lo, hi), t, round(rng.uniform(*cfg.pause_s), 2), r) for t, r in targets)


async def _streams(url: str, credentials: NatsCredentials | None) -> dict[str, tuple[str | None, bool]]:
    """stream -> (its leader, whether every replica is current), from the cluster."""
    nc = await connect_as(url, credentials, name="chaos", connect_timeout=2, max_reconnect_attempts=1)
    try:
        out = {}
        for info in await nc.jetstream(timeout=5).streams_info():
            c = info.cluster
            peers = (c.replicas or []) if c else []
            out[str(info.config.name)] = (c.leader if c else None, all(r.current and not r.offline for r in peers))
        return out
    finally:
        await nc.close()


def streams(cluster: NatsCluster) -> dict[str, tuple[str | None, bool]]:
    try:
        return asyncio.run(_streams(cluster.url, cluster.creds(PROVISIONER)))
    except Exception:
        return {}


def until(check: Any, timeout: float, what: str, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if got := check():
            return got
        time.sleep(interval)
    raise RuntimeError(f"{what}: not after {timeout:.0f}s")


class Chaos:
    """Performs one kill at a time in its own thread: kill -9, pause, restart, wait until ready."""

    def __init__(self, system: System, log: Log, done: list[str] | None = None) -> None:
        self.system = system
        self.launcher = system.launcher
        self.log = log
        self.idle = threading.Event()
        self.idle.set()
        self.done: list[str] = [] if done is None else done  # shared by the lanes of a cluster run
        self.error: BaseException | None = None
        self.nats_kills = 0
        self.last_node = ""

    def _kill_cluster_node(self, kill: Kill) -> str:
        """Odd kills: the node leading the RIGHTS stream; even ones: another node. Back when every
        stream has a leader and all three replicas are current again."""
        cluster = self.system.cluster
        assert cluster is not None
        self.nats_kills += 1
        leader = until(lambda: streams(cluster).get("RIGHTS", (None, False))[0], 30, "RIGHTS has no leader")
        names = [n.cluster[0] for n in cluster.nodes if n.cluster]
        others = [n for n in names if n not in (leader, self.last_node)] or [n for n in names if n != leader]
        name = leader if self.nats_kills % 2 else others[0]
        self.last_node = name
        cluster.node(name).stop(kill=True)
        time.sleep(kill.pause_s)
        cluster.node(name).start()
        until(
            lambda: (st := streams(cluster)) and all(leader and current for leader, current in st.values()),
            90,
            f"the streams are not whole again after {name} came back",
        )
        return f"nats:{name}" + ("(RIGHTS leader)" if name == leader else "")

    def start(self, kill: Kill) -> None:
        self.idle.clear()
        threading.Thread(target=self._run, args=(kill,), name=f"kill-{kill.target}", daemon=True).start()

    def _run(self, kill: Kill) -> None:
        t0 = time.monotonic()
        try:
            label = kill.target
            if kill.target == "nats" and self.system.cluster:
                label = self._kill_cluster_node(kill)
            elif kill.target == "nats":
                assert self.launcher.nats is not None
                self.launcher.nats.stop(kill=True)
                time.sleep(kill.pause_s)
                self.launcher.nats.start()
                self.launcher.wait_ready(timeout=60)
            else:
                replicas = self.system.replicas_of(kill.target)
                launcher = replicas[kill.replica % len(replicas)]
                if len(replicas) > 1:
                    label = f"{kill.target}#{kill.replica % len(replicas) + 1}"
                launcher.stop_service(kill.target, kill=True)
                time.sleep(kill.pause_s)
                launcher.start_service(kill.target)
                launcher.wait_ready(timeout=300, services=(kill.target,))  # slow on a busy machine
            self.done.append(f"{label}@{kill.at}")
            self.log(f"killed {label} at command {kill.at}, back after {time.monotonic() - t0:.1f}s")
        except BaseException as exc:  # reported by the main thread
            self.error = exc
        finally:
            self.idle.set()


# ---- sending -----------------------------------------------------------------------------------


def send_all(cfg: Config, cmds: list[Command], system: System, schedule: list[Kill], log: Log) -> Chaos:
    """Dispatch every command to the workers, firing the kills as the dispatch passes their moments.

    A kill does not start before the previous one has finished (restarted and ready), so every kill
    happens while commands are being sent. With replicas (cfg.cluster) the sending goes on meanwhile:
    the nats-servers' kills and each service's are lanes apart (one at a time in each: a quorum of
    nodes, and one replica of each service, is always up), and a kill whose moment has passed starts
    as soon as its lane is free. A refused command goes back in the queue with a delay (to
    the service's other replica, when it has two).
    """
    chaos = Chaos(system, log)
    work: list[tuple[float, int, Command | None]] = []  # heap of (not before, seq, command)
    cond = threading.Condition()
    seq = itertools.count()
    in_flight = 0
    deadline = time.monotonic() + cfg.send_timeout_s

    def worker() -> None:
        nonlocal in_flight
        timeout = httpx.Timeout(30.0, connect=2.0)
        replicas = [
            {s: httpx.Client(base_url=la.url(s), timeout=timeout, auth=TokenAuth(s)) for s in la.services}
            for la in system.launchers
        ]
        try:
            while True:
                with cond:
                    while not work or work[0][0] > time.monotonic():
                        cond.wait(timeout=0.05 if work else 0.5)
                    _, _, cmd = heapq.heappop(work)
                    if cmd is None:
                        return
                    in_flight += 1
                try:
                    execute(cmd, replicas[(cmd.n + cmd.attempts) % len(replicas)])
                except Refused as exc:
                    cmd.attempts += 1
                    cmd.first_refused = cmd.first_refused or time.monotonic()
                    if time.monotonic() - cmd.first_refused < 120 and time.monotonic() < deadline:
                        with cond:
                            heapq.heappush(work, (time.monotonic() + 0.3, next(seq), cmd))
                    else:
                        cmd.state, cmd.detail = "refused", str(exc)
                except Ambiguous as exc:
                    cmd.state, cmd.detail = "ambiguous", str(exc)
                except Exception as exc:  # a bug in the harness or an unexpected answer
                    cmd.state, cmd.detail = "rejected", repr(exc)[:300]
                finally:
                    with cond:
                        in_flight -= 1
                        cond.notify_all()
        finally:
            for clients in replicas:
                for c in clients.values():
                    c.close()

    threads = [threading.Thread(target=worker, name=f"sender-{i}", daemon=True) for i in range(cfg.workers)]
    for t in threads:
        t.start()
    kills = list(schedule)
    report_every = max(cfg.commands // 10, 1)
    lanes: dict[str, Chaos] = {}  # with replicas: the nats-servers' kills, and each service's, apart

    def lane(kill: Kill) -> Chaos:
        if kill.target not in lanes:
            lanes[kill.target] = Chaos(system, log, chaos.done)
        return lanes[kill.target]

    def fire_due(n: int) -> None:
        for kill in [k for k in kills if k.at <= n]:
            c = lane(kill)
            if c.error:
                raise RuntimeError(f"restart failed: {c.error!r}") from c.error
            if c.idle.is_set():
                kills.remove(kill)
                c.start(kill)

    for cmd in cmds:
        if cfg.cluster:
            fire_due(cmd.n)
        while not cfg.cluster and kills and cmd.n >= kills[0].at:
            while not chaos.idle.wait(0.1):
                if time.monotonic() > deadline:
                    raise RuntimeError("sending took too long (a restart hangs?)")
            if chaos.error:
                raise RuntimeError(f"restart failed: {chaos.error!r}") from chaos.error
            chaos.start(kills.pop(0))
        with cond:
            # keep the queue short, so a kill lands among requests actually in flight
            while len(work) + in_flight >= cfg.workers * 2:
                cond.wait(timeout=0.5)
            heapq.heappush(work, (0.0, next(seq), cmd))
            cond.notify()
        if cmd.n and cmd.n % report_every == 0:
            log(f"dispatched {cmd.n} commands, {len(chaos.done)} kills done")
    while cfg.cluster and kills:  # with replicas: restarts that lag behind the sending
        fire_due(cfg.commands)
        time.sleep(0.1)
    for kill in kills:  # only when the schedule pointed past the end
        chaos.idle.wait()
        chaos.start(kill)
    with cond:
        while work or in_flight:
            cond.wait(timeout=0.5)
        for _ in threads:
            heapq.heappush(work, (0.0, next(seq), None))
        cond.notify_all()
    for t in threads:
        t.join(timeout=60)
    for c in (chaos, *lanes.values()):
        while not c.idle.wait(0.1):
            pass
        if c.error:
            raise RuntimeError(f"restart failed: {c.error!r}") from c.error
    return chaos


# ---- reading the services' databases (read-only) -----------------------------------------------


def ro(var_dir: Path, service: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{var_dir / (service + '.db')}?mode=ro", uri=True, timeout=30)


def resolve_ambiguous(cmds: list[Command], system: System, log: Log) -> int:
    """Commands whose answer was lost: accepted if their marker exists, else sent again (once)."""
    pending = [c for c in cmds if c.state == "ambiguous"]
    if not pending:
        return 0
    with contextlib.closing(system.db("rights")) as db:
        petitions = _by_marker(db.execute("SELECT summary, id FROM petitions WHERE summary LIKE 'chaos-%'"))
    with contextlib.closing(system.db("liaison")) as db:
        visits = _by_marker(
            db.execute("SELECT association_name, id FROM delegation_visits WHERE association_name LIKE 'chaos-%'")
        )
    with contextlib.closing(system.db("personnel")) as db:
        cadres = _by_marker(db.execute("SELECT name, id FROM cadres WHERE name LIKE 'chaos-%'"))
        appointed = {r[0] for r in db.execute("SELECT cadre_id FROM appointments")}
    resent = 0
    clients = {s: httpx.Client(base_url=system.url(s), timeout=30, auth=TokenAuth(s)) for s in system.services}
    try:
        for c in pending:
            found = {"petition": petitions, "visit": visits, "appointment": cadres}[c.kind].get(c.marker, [])
            if len(found) > 1:
                c.state, c.detail = "rejected", f"marker {c.marker} found {len(found)} times"
                continue
            if found:
                c.id = found[0]
                if c.kind != "appointment" or c.id in appointed:
                    c.appointed = c.kind == "appointment"
                    c.state = "accepted"
                    continue
            resent += 1
            try:
                execute(c, clients)  # the process that had it is gone or long done: no late commit
            except (Refused, Ambiguous) as exc:
                c.state, c.detail = "refused", f"again after a lost answer: {exc}"
    finally:
        for cl in clients.values():
            cl.close()
    log(f"{len(pending)} commands lost their answer: {len(pending) - resent} had been applied, {resent} sent again")
    return resent


def _by_marker(rows: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for marker, id_ in rows:
        out[marker].append(id_)
    return out


# ---- quiescence --------------------------------------------------------------------------------


async def _consumers_idle(url: str, credentials: NatsCredentials | None) -> list[str]:
    nc = await connect_as(url, credentials, name="chaos", connect_timeout=2, max_reconnect_attempts=1)
    try:
        js = nc.jetstream()
        busy = []
        for group in CONSUMERS:
            info = await js.consumer_info(group.stream, group.durable)
            if info.num_pending or info.num_ack_pending:
                busy.append(f"{group.durable}: {info.num_pending} pending, {info.num_ack_pending} unacked")
        return busy
    finally:
        await nc.close()


def outbox_pending(launcher: Launcher) -> dict[str, int]:
    out = {}
    for s in launcher.services:
        r = httpx.get(launcher.url(s) + "/admin/outbox", timeout=10, auth=TokenAuth(s))
        r.raise_for_status()
        out[s] = int(r.json()["pending"])
    return out


def wait_quiescent(launcher: Launcher, timeout: float, log: Log) -> None:
    """Until every outbox is empty and every durable is drained, twice in a row a second apart."""
    deadline = time.monotonic() + timeout
    calm = 0
    last: Any = None
    while time.monotonic() < deadline:
        try:
            pending = outbox_pending(launcher)
            busy = asyncio.run(_consumers_idle(launcher.nats_url or "", launcher.nats_credentials(PROVISIONER)))
            last = (pending, busy)
            calm = calm + 1 if not any(pending.values()) and not busy else 0
        except Exception as exc:
            last, calm = repr(exc), 0
        if calm >= 2:
            return
        time.sleep(1.0)
    raise RuntimeError(f"not quiescent after {timeout:.0f}s: {last}")


# ---- verification ------------------------------------------------------------------------------


class Tally:
    def __init__(self, result: Result) -> None:
        self.r = result

    def effect(self, what: str, count: int, expected: int = 1) -> None:
        """An effect of an accepted command in a subscriber, counted by id."""
        if count == expected:
            self.r.effects += count
        elif count < expected:
            self.r.effects += count
            self.r.lost += expected - count
            self._note(f"lost: {what} ({count} of {expected})")
        else:
            self.r.effects += expected
            self.r.doubled += count - expected
            self._note(f"doubled: {what} ({count}, expected {expected})")

    def check(self, what: str, ok: bool) -> None:
        """A fact behind the effects (outbox rows, inbox rows, states); failures are problems."""
        if not ok:
            self._note(f"problem: {what}")
            self.r.problems.append(what)

    def _note(self, line: str) -> None:
        if len(self.r.problems) < 50 or not line.startswith("problem"):
            print(line, file=sys.stderr)


def _events(db: Any, types: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    """event type -> aggregate (envelope subject) -> event ids, from a producer's outbox."""
    out: dict[str, dict[str, list[str]]] = {t: defaultdict(list) for t in types}
    marks = ",".join("?" * len(types))
    for event_id, event_type, payload in db.execute(
        f"SELECT event_id, event_type, payload FROM outbox WHERE event_type IN ({marks})", types
    ):
        out[event_type][json.loads(payload)["subject"]].append(event_id)
    return out


def _inbox(db: Any) -> Counter[tuple[str, str]]:
    return Counter((c, e) for c, e in db.execute("SELECT consumer, event_id FROM inbox"))


def _count(db: Any, sql: str) -> Counter[str]:
    return Counter(r[0] for r in db.execute(sql))


def nats_refusals(log_file: Path) -> list[str]:
    """What nats-server refused a client during the run: the users' permissions must cover all the
    services do (a refusal shows only as a timeout on the client's side)."""
    if not log_file.is_file():
        return []
    return [
        f"nats-server refused: {line.split(' - ', 1)[-1][:300]}"
        for line in log_file.read_text(errors="replace").splitlines()
        if "Violation" in line or "authentication error" in line
    ]


def verify(cmds: list[Command], system: System, result: Result) -> None:
    dbs = {s: system.db(s) for s in system.services}
    try:
        _verify(cmds, dbs, result)
        result.longest_gap_s = longest_gap(dbs.values(), result.sent_at)
    finally:
        for db in dbs.values():
            db.close()


def _at(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(str(value)).timestamp()


def longest_gap(dbs: Any, until: float | None = None) -> float:
    """The longest time between two consecutive effects (inbox rows of any service) while commands
    were being sent (up to `until`, epoch seconds: the drain afterwards, and the commands sent again
    after a lost answer, are no part of it), in seconds."""
    times = sorted(_at(at) for db in dbs for (at,) in db.execute("SELECT processed_at FROM inbox"))
    if until is not None:
        times = [t for t in times if t <= until]
    return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


def _verify(cmds: list[Command], dbs: dict[str, Any], result: Result) -> None:
    t = Tally(result)
    inbox = {s: _inbox(db) for s, db in dbs.items()}
    filed = _events(dbs["rights"], (FILED,))[FILED]
    scheduled = _events(dbs["liaison"], (SCHEDULED,))[SCHEDULED]
    appointed = _events(dbs["personnel"], (APPOINTED,))[APPOINTED]
    answers = _events(dbs["office"], (ARRANGED, BOOKED, DECLINED))
    items = _count(dbs["office"], "SELECT source_id FROM supervision_items WHERE kind = 'petition_first_decision'")
    receptions = _count(dbs["office"], "SELECT visit_id FROM receptions")
    bookings = _count(dbs["office"], "SELECT visit_id FROM vehicle_bookings")
    visits = {
        r[0]: r[1:]
        for r in dbs["liaison"].execute("SELECT id, reception_status, vehicle_status FROM delegation_visits")
    }
    staff = {s: _count(dbs[s], "SELECT cadre_id FROM staff") for s in ("office", "rights", "liaison")}
    markers = {
        "petition": _count(dbs["rights"], "SELECT summary FROM petitions WHERE summary LIKE 'chaos-%'"),
        "visit": _count(
            dbs["liaison"], "SELECT association_name FROM delegation_visits WHERE association_name LIKE 'chaos-%'"
        ),
        "appointment": _count(dbs["personnel"], "SELECT name FROM cadres WHERE name LIKE 'chaos-%'"),
    }
    appointments = _count(dbs["personnel"], "SELECT cadre_id FROM appointments")

    def delivered(service: str, durable: str, event_ids: list[str], what: str) -> None:
        for e in event_ids:
            t.check(
                f"{what}: {durable} inbox has event {e} {inbox[service][(durable, e)]} times",
                inbox[service][(durable, e)] == 1,
            )

    for c in cmds:
        # the producer holds each command once, whether or not its answer reached us
        t.check(f"{c.kind} {c.marker} stored {markers[c.kind][c.marker]} times", markers[c.kind][c.marker] <= 1)
        if c.state != "accepted":
            continue
        assert c.id is not None
        if c.kind == "petition":
            events = filed.get(c.id, [])
            t.check(f"petition {c.id}: {len(events)} filed events in rights' outbox", len(events) == 1)
            delivered("office", "office--supervision", events, f"petition {c.id}")
            t.effect(f"office supervision item for petition {c.id}", items[c.id])
        elif c.kind == "visit":
            events = scheduled.get(c.id, [])
            t.check(f"visit {c.id}: {len(events)} scheduled events in liaison's outbox", len(events) == 1)
            delivered("office", "office--logistics", events, f"visit {c.id}")
            need_reception, need_vehicles = c.body["needs_reception"], c.body["vehicles_needed"]
            arranged = answers[ARRANGED].get(c.id, [])
            answered = answers[BOOKED].get(c.id, []) + answers[DECLINED].get(c.id, [])
            if need_reception:
                t.effect(f"office reception for visit {c.id}", receptions[c.id])
                # the reception is requested: office plans and confirms it by hand, which chaos does not
                t.check(f"visit {c.id}: {len(arranged)} reception.arranged before any plan", not arranged)
            else:
                t.check(f"visit {c.id} needs no reception but has {receptions[c.id]}", receptions[c.id] == 0)
            if need_vehicles:
                t.effect(f"office vehicle answer for visit {c.id}", len(answered))
                want = need_vehicles if answers[BOOKED].get(c.id) else 0
                if bookings[c.id] > want:
                    t.effect(f"office vehicle bookings for visit {c.id}", bookings[c.id] // max(want, 1), 1)
                else:
                    t.check(f"visit {c.id}: {bookings[c.id]} bookings, expected {want}", bookings[c.id] == want)
            # liaison records each answer once
            reception_status, vehicle_status = visits.get(c.id, (None, None))
            for e in arranged + answered:
                t.effect(
                    f"liaison logistics record of office event {e} (visit {c.id})",
                    inbox["liaison"][("liaison--logistics", e)],
                )
            if need_reception:
                t.check(f"visit {c.id}: reception {reception_status}", reception_status == "requested")
            if need_vehicles:
                t.check(f"visit {c.id}: vehicles {vehicle_status}", vehicle_status in ("arranged", "declined"))
        else:
            events = appointed.get(c.id, [])
            t.check(f"cadre {c.id}: {appointments[c.id]} appointments", appointments[c.id] == 1)
            t.check(f"cadre {c.id}: {len(events)} appointed events in personnel's outbox", len(events) == 1)
            for service, durable in (
                ("office", "office--directory"),
                ("rights", "rights--staff"),
                ("liaison", "liaison--staff"),
            ):
                delivered(service, durable, events, f"cadre {c.id}")
            t.effect(f"office directory entry for cadre {c.id}", staff["office"][c.id])
            for office in ("rights", "liaison"):
                if c.office == office:
                    t.effect(f"{office} staff entry for cadre {c.id}", staff[office][c.id])
                else:
                    t.check(f"cadre {c.id} of {c.office} on {office}'s staff", staff[office][c.id] == 0)
    # no inbox records an event twice (the primary key says so; this says it was not relaxed)
    for s, counts in inbox.items():
        t.check(f"{s} inbox has repeated rows", all(n == 1 for n in counts.values()))


def dead_letters(launcher: Launcher) -> list[dict[str, Any]]:
    out = []
    for s in launcher.services:
        r = httpx.get(launcher.url(s) + "/admin/dead-letters", params={"limit": 500}, timeout=10, auth=TokenAuth(s))
        r.raise_for_status()
        out += [
            {"service": s, **{k: i[k] for k in ("consumer", "event_type", "deliveries", "error")}}
            for i in r.json()["items"]
        ]
    return out


# ---- the run -----------------------------------------------------------------------------------


def start(cfg: Config, var_dir: Path) -> System:
    """The bus (nats-server, or three clustered), provisioned; every service `cfg.replicas` times, on
    SQLite files under var_dir or each on a fresh PostgreSQL database; unacked messages return after
    cfg.ack_wait_s."""
    trust_test_key()  # the services verify the harness's tokens
    if cfg.replicas > 1 and not cfg.database_url:
        raise ValueError("replicas of a service share a PostgreSQL database: set database_url")
    var_dir.mkdir(parents=True, exist_ok=True)
    databases = database_urls(cfg)
    if databases:
        asyncio.run(_fresh_databases(cfg.database_url or "", [f"{cfg.db_prefix}_{s}" for s in databases]))
    system = System(var_dir, [], databases=databases)
    env = {
        "QIAOLIAN_RELAY_POLL_S": "0.2",
        "QIAOLIAN_CONSUMER_ACK_WAIT_S": str(cfg.ack_wait_s),
        "QIAOLIAN_SCHEDULER_INTERVAL_S": "3600",
        **{f"{s.upper()}_DATABASE_URL": url for s, url in databases.items()},
    }
    credentials_from: Path | None = None
    if cfg.cluster:
        system.cluster = NatsCluster(var_dir / "nats", sync_always=True).start()
        url, credentials, credentials_from = (
            system.cluster.url,
            system.cluster.creds(PROVISIONER),
            system.cluster.credentials_dir,
        )
        env["QIAOLIAN_STREAM_REPLICAS"] = "3"
    else:
        system.server = NatsServer(var_dir / "nats", log_file=var_dir / "nats.log").start()
        url, credentials = system.server.url, system.server.creds(PROVISIONER)
    try:
        bus = BusSettings(nats_url=url, consumer_ack_wait_s=cfg.ack_wait_s, stream_replicas=3 if cfg.cluster else 1)
        until(lambda: _provision(url, bus, credentials), 60, "provisioning (no JetStream leader?)", interval=1.0)
        for r in range(cfg.replicas):
            system.launchers.append(
                Launcher(
                    var_dir=var_dir,
                    nats_url=url,
                    nats=system.server if r == 0 else None,
                    nats_credentials_from=credentials_from,
                    log_dir=var_dir / ("logs" if r == 0 else f"logs-{r + 1}"),
                    ports={s: free_port() for s in SERVICES},
                    env=env,
                    **({} if r == 0 else {"services": tuple(SERVICES)}),  # one console
                )
            )
        # the first replica migrates each database; the others start on it migrated
        for la in system.launchers:
            for s in la.services:
                la.start_service(s)
            la.wait_ready(timeout=300)  # a busy machine imports slowly
    except BaseException:
        system.stop()
        raise
    return system


def _provision(url: str, bus: BusSettings, credentials: NatsCredentials) -> bool:
    try:
        asyncio.run(provision_at(url, bus, credentials=credentials))
    except Exception:  # a cluster without a JetStream meta leader yet
        return False
    return True


def register_fleet(launcher: Launcher, count: int) -> None:
    with httpx.Client(base_url=launcher.url("office"), timeout=10, auth=TokenAuth("office")) as office:
        for i in range(count):
            r = office.post("/vehicles", json={"plate": f"湘C{i:05d}", "seats": 7 if i % 3 else 45})
            if r.status_code != 201:
                raise RuntimeError(f"registering a vehicle: HTTP {r.status_code} {r.text[:200]}")


def run(cfg: Config) -> Result:
    log = Log(cfg.verbose)
    rng = random.Random(cfg.seed)
    cmds = plan(cfg, rng)
    schedule = kill_schedule(cfg, rng)
    own_dir = cfg.var_dir is None
    var_dir = cfg.var_dir or Path(tempfile.mkdtemp(prefix="qiaolian-chaos-"))
    result = Result(commands=len(cmds))
    t0 = time.monotonic()
    log(
        f"{cfg.commands} commands, {cfg.nats_kills} nats-server kills, {cfg.service_kills} kills of each service, "
        f"seed {cfg.seed}, var {var_dir}"
        + (", three clustered nats-servers (R3)" if cfg.cluster else "")
        + (f", {cfg.replicas} replicas of each service on PostgreSQL" if cfg.database_url else "")
    )
    system = start(cfg, var_dir)
    launcher = system.launcher
    result.max_gap_s = cfg.max_gap_s
    try:
        register_fleet(launcher, cfg.vehicles)
        chaos = send_all(cfg, cmds, system, schedule, log)
        result.sent_at = time.time()
        result.kills = chaos.done
        log(f"sent; {len(chaos.done)} kills done; resolving lost answers")
        result.ambiguous = sum(c.state == "ambiguous" for c in cmds)
        result.retried = resolve_ambiguous(cmds, system, log)
        log("waiting for quiescence")
        wait_quiescent(launcher, cfg.quiesce_timeout_s, log)
        result.outbox_pending = outbox_pending(launcher)
        result.dead_letters = dead_letters(launcher)
        result.accepted = sum(c.state == "accepted" for c in cmds)
        result.not_accepted = [f"{c.kind} {c.marker}: {c.state} {c.detail}" for c in cmds if c.state != "accepted"]
        verify(cmds, system, result)
        for log_file in system.nats_logs():
            result.problems += nats_refusals(log_file)
    except BaseException:
        dump = var_dir / "logs"
        print(f"chaos run failed; logs in {dump}", file=sys.stderr)
        own_dir = False  # keep the evidence
        raise
    finally:
        system.stop()
        result.seconds = time.monotonic() - t0
        if own_dir and result.ok:
            shutil.rmtree(var_dir, ignore_errors=True)
        if system.databases and result.ok:
            asyncio.run(
                _fresh_databases(cfg.database_url or "", [plain_db(u) for u in system.databases.values()], True)
            )
    return result


def report(result: Result) -> None:
    print(f"kills: {len(result.kills)} ({', '.join(result.kills)})")
    print(f"answers lost in a kill: {result.ambiguous} (looked up by marker; {result.retried} sent again)")
    for line in result.not_accepted[:20]:
        print(f"not accepted: {line}")
    for dl in result.dead_letters:
        print(f"dead letter: {dl}")
    if any(result.outbox_pending.values()):
        print(f"outbox not drained: {result.outbox_pending}")
    for p in result.problems[:20]:
        print(f"problem: {p}")
    print(
        f"{result.seconds:.0f}s; outboxes drained: {not any(result.outbox_pending.values())}; "
        f"dead letters: {len(result.dead_letters)}"
    )
    print(result.line, flush=True)


def main() -> int:
    result = run(Config.from_env())
    report(result)
    return 0 if result.ok else 1
