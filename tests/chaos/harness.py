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

Everything is bounded in count and time and uses 127.0.0.1 only. The last line printed is
`chaos: N commands, N effects, 0 lost, 0 doubled`.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.settings import BusSettings, NatsCredentials
from qiaolian_chassis.testing import TokenAuth, trust_test_key
from qiaolian_contracts.catalog import CONSUMERS, SERVICES
from qiaolian_contracts.nats_users import PROVISIONER
from qiaolian_deploy.launcher import Launcher, provision_at
from qiaolian_deploy.natsserver import NatsServer, free_port

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

    @classmethod
    def from_env(cls) -> Config:
        e = os.environ
        var = e.get("CHAOS_VAR_DIR")
        return cls(
            commands=int(e.get("CHAOS_COMMANDS", cls.commands)),
            nats_kills=int(e.get("CHAOS_NATS_KILLS", cls.nats_kills)),
            service_kills=int(e.get("CHAOS_SERVICE_KILLS", cls.service_kills)),
            seed=int(e.get("CHAOS_SEED", cls.seed)),
            workers=int(e.get("CHAOS_WORKERS", cls.workers)),
            quiesce_timeout_s=float(e.get("CHAOS_QUIESCE_TIMEOUT_S", cls.quiesce_timeout_s)),
            var_dir=Path(var) if var else None,
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

    @property
    def line(self) -> str:
        return f"chaos: {self.accepted} commands, {self.effects} effects, {self.lost} lost, {self.doubled} doubled"

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.doubled == 0
            and not self.problems
            and not self.dead_letters
            and not any(self.outbox_pending.values())
            and not self.not_accepted
        )


class Log:
    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.t0 = time.monotonic()

    def __call__(self, msg: str) -> None:
        if self.verbose:
            print(f"[{time.monotonic() - self.t0:7.1f}s] {msg}", file=sys.stderr, flush=True)


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


def kill_schedule(cfg: Config, rng: random.Random) -> list[Kill]:
    targets = ["nats"] * cfg.nats_kills + [s for s in SERVICES for _ in range(cfg.service_kills)]
    lo, hi = int(cfg.commands * 0.03), max(int(cfg.commands * 0.9), 1)
    return sorted(Kill(rng.randint(lo, hi), t, round(rng.uniform(*cfg.pause_s), 2)) for t in targets)


class Chaos:
    """Performs one kill at a time in its own thread: kill -9, pause, restart, wait until ready."""

    def __init__(self, launcher: Launcher, log: Log) -> None:
        self.launcher = launcher
        self.log = log
        self.idle = threading.Event()
        self.idle.set()
        self.done: list[str] = []
        self.error: BaseException | None = None

    def start(self, kill: Kill) -> None:
        self.idle.clear()
        threading.Thread(target=self._run, args=(kill,), name=f"kill-{kill.target}", daemon=True).start()

    def _run(self, kill: Kill) -> None:
        t0 = time.monotonic()
        try:
            if kill.target == "nats":
                assert self.launcher.nats is not None
                self.launcher.nats.stop(kill=True)
                time.sleep(kill.pause_s)
                self.launcher.nats.start()
                self.launcher.wait_ready(timeout=60)
            else:
                self.launcher.stop_service(kill.target, kill=True)
                time.sleep(kill.pause_s)
                self.launcher.start_service(kill.target)
                self.launcher.wait_ready(timeout=60, services=(kill.target,))
            self.done.append(f"{kill.target}@{kill.at}")
            self.log(f"killed {kill.target} at command {kill.at}, back after {time.monotonic() - t0:.1f}s")
        except BaseException as exc:  # reported by the main thread
            self.error = exc
        finally:
            self.idle.set()


# ---- sending -----------------------------------------------------------------------------------


def send_all(cfg: Config, cmds: list[Command], launcher: Launcher, schedule: list[Kill], log: Log) -> Chaos:
    """Dispatch every command to the workers, firing the kills as the dispatch passes their moments.

    A kill does not start before the previous one has finished (restarted and ready), so every kill
    happens while commands are being sent. A refused command goes back in the queue with a delay.
    """
    chaos = Chaos(launcher, log)
    work: list[tuple[float, int, Command | None]] = []  # heap of (not before, seq, command)
    cond = threading.Condition()
    seq = itertools.count()
    in_flight = 0
    deadline = time.monotonic() + cfg.send_timeout_s

    def worker() -> None:
        nonlocal in_flight
        timeout = httpx.Timeout(30.0, connect=2.0)
        clients = {
            s: httpx.Client(base_url=launcher.url(s), timeout=timeout, auth=TokenAuth(s)) for s in launcher.services
        }
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
                    execute(cmd, clients)
                except Refused as exc:
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
            for c in clients.values():
                c.close()

    threads = [threading.Thread(target=worker, name=f"sender-{i}", daemon=True) for i in range(cfg.workers)]
    for t in threads:
        t.start()
    kills = list(schedule)
    report_every = max(cfg.commands // 10, 1)
    for cmd in cmds:
        while kills and cmd.n >= kills[0].at:
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
    while not chaos.idle.wait(0.1):
        pass
    if chaos.error:
        raise RuntimeError(f"restart failed: {chaos.error!r}") from chaos.error
    return chaos


# ---- reading the services' databases (read-only) -----------------------------------------------


def ro(var_dir: Path, service: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{var_dir / (service + '.db')}?mode=ro", uri=True, timeout=30)


def resolve_ambiguous(cmds: list[Command], launcher: Launcher, log: Log) -> int:
    """Commands whose answer was lost: accepted if their marker exists, else sent again (once)."""
    pending = [c for c in cmds if c.state == "ambiguous"]
    if not pending:
        return 0
    with contextlib.closing(ro(launcher.var_dir, "rights")) as db:
        petitions = _by_marker(db.execute("SELECT summary, id FROM petitions WHERE summary LIKE 'chaos-%'"))
    with contextlib.closing(ro(launcher.var_dir, "liaison")) as db:
        visits = _by_marker(
            db.execute("SELECT association_name, id FROM delegation_visits WHERE association_name LIKE 'chaos-%'")
        )
    with contextlib.closing(ro(launcher.var_dir, "personnel")) as db:
        cadres = _by_marker(db.execute("SELECT name, id FROM cadres WHERE name LIKE 'chaos-%'"))
        appointed = {r[0] for r in db.execute("SELECT cadre_id FROM appointments")}
    resent = 0
    clients = {s: httpx.Client(base_url=launcher.url(s), timeout=30, auth=TokenAuth(s)) for s in launcher.services}
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


def _events(db: sqlite3.Connection, types: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    """event type -> aggregate (envelope subject) -> event ids, from a producer's outbox."""
    out: dict[str, dict[str, list[str]]] = {t: defaultdict(list) for t in types}
    marks = ",".join("?" * len(types))
    for event_id, event_type, payload in db.execute(
        f"SELECT event_id, event_type, payload FROM outbox WHERE event_type IN ({marks})", types
    ):
        out[event_type][json.loads(payload)["subject"]].append(event_id)
    return out


def _inbox(db: sqlite3.Connection) -> Counter[tuple[str, str]]:
    return Counter((c, e) for c, e in db.execute("SELECT consumer, event_id FROM inbox"))


def _count(db: sqlite3.Connection, sql: str) -> Counter[str]:
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


def verify(cmds: list[Command], launcher: Launcher, result: Result) -> None:
    var = launcher.var_dir
    dbs = {s: ro(var, s) for s in launcher.services}
    try:
        _verify(cmds, dbs, result)
    finally:
        for db in dbs.values():
            db.close()


def _verify(cmds: list[Command], dbs: dict[str, sqlite3.Connection], result: Result) -> None:
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


def start(var_dir: Path, ack_wait_s: float) -> Launcher:
    trust_test_key()  # the services verify the harness's tokens
    """nats-server and the four services on free loopback ports; unacked messages return after ack_wait_s."""
    var_dir.mkdir(parents=True, exist_ok=True)
    server = NatsServer(var_dir / "nats", log_file=var_dir / "nats.log").start()
    launcher = Launcher(
        var_dir=var_dir,
        nats_url=server.url,
        nats=server,
        log_dir=var_dir / "logs",
        ports={s: free_port() for s in SERVICES},
        env={
            "QIAOLIAN_RELAY_POLL_S": "0.2",
            "QIAOLIAN_CONSUMER_ACK_WAIT_S": str(ack_wait_s),
            "QIAOLIAN_SCHEDULER_INTERVAL_S": "3600",
        },
    )
    try:
        asyncio.run(
            provision_at(
                server.url,
                BusSettings(nats_url=server.url, consumer_ack_wait_s=ack_wait_s),
                credentials=server.creds(PROVISIONER),
            )
        )
        for s in launcher.services:
            launcher.start_service(s)
        launcher.wait_ready(timeout=90)
    except BaseException:
        launcher.stop()
        raise
    return launcher


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
    )
    launcher = start(var_dir, cfg.ack_wait_s)
    try:
        register_fleet(launcher, cfg.vehicles)
        chaos = send_all(cfg, cmds, launcher, schedule, log)
        result.kills = chaos.done
        log(f"sent; {len(chaos.done)} kills done; resolving lost answers")
        result.ambiguous = sum(c.state == "ambiguous" for c in cmds)
        result.retried = resolve_ambiguous(cmds, launcher, log)
        log("waiting for quiescence")
        wait_quiescent(launcher, cfg.quiesce_timeout_s, log)
        result.outbox_pending = outbox_pending(launcher)
        result.dead_letters = dead_letters(launcher)
        result.accepted = sum(c.state == "accepted" for c in cmds)
        result.not_accepted = [f"{c.kind} {c.marker}: {c.state} {c.detail}" for c in cmds if c.state != "accepted"]
        verify(cmds, launcher, result)
        result.problems += nats_refusals(var_dir / "nats.log")
    except BaseException:
        dump = var_dir / "logs"
        print(f"chaos run failed; logs in {dump}", file=sys.stderr)
        own_dir = False  # keep the evidence
        raise
    finally:
        launcher.stop()
        result.seconds = time.monotonic() - t0
        if own_dir and result.ok:
            shutil.rmtree(var_dir, ignore_errors=True)
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
