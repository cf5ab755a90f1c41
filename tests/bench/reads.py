"""Reads at the size of ten years of an office (issue 15): a seeded data set and the p50/p95 of the
lists, searches and statistics over it.

The data set is made through the services' own command paths, in process, on migrated databases:
rights files petitions (`file_petition`) and takes first decisions on most of them (accepted, not
accepted, routed, transferred, assigned; transfers in stay `received_by_transfer`), so every
petition has its deadlines; office's board is what office's own supervision handlers make of rights'
outbox (the events of those filings) plus further `petition.filed` events up to the board size;
liaison registers associations and key persons (`register_association`, `register_person`). Seeded
SQLite files are kept under `BENCH_SEED_CACHE` (default `var/bench/seed`), one entry per service
keyed by its sizes and `SEED_VERSION` (office's by the petitions too), and copied for each run;
PostgreSQL keeps each seed as a database `bench_seed_<key>_<service>` and copies it as a template.
The copies are migrated forward to the head, so a new migration runs on ten years of data.

Then the four services run as `make run` runs them (the launcher) on those databases, or with
`BENCH_READS_IN_PROCESS=1` each service's app in this process, and each endpoint is read
`BENCH_READ_REPEATS` times in turn, signed in with every role: latency p50/p95.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .run import Backend, Figure, Report, Sizes, filed_envelope, log, migrated, percentile

LIST_P95_MS, STATS_P95_MS = 50.0, 100.0
# bumped when the seeding below changes what it makes (a migration does not: a cached seed is migrated)
SEED_VERSION = 2


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class DataSet:
    petitions: int = 30_000  # BENCH_PETITIONS
    board_items: int = 50_000  # BENCH_BOARD_ITEMS (the petitions' items, then other filings)
    associations: int = 5_000  # BENCH_ASSOCIATIONS
    persons: int = 100_000  # BENCH_PERSONS
    documents: int = 20_000  # BENCH_DOCUMENTS: office's official documents, half incoming, half outgoing
    cadres: int = 10_000  # BENCH_CADRES: personnel's cadres' records
    repeats: int = 30  # BENCH_READ_REPEATS: requests per endpoint

    @classmethod
    def from_env(cls) -> DataSet:
        d = cls()
        return cls(
            petitions=_env_int("BENCH_PETITIONS", d.petitions),
            board_items=_env_int("BENCH_BOARD_ITEMS", d.board_items),
            associations=_env_int("BENCH_ASSOCIATIONS", d.associations),
            persons=_env_int("BENCH_PERSONS", d.persons),
            documents=_env_int("BENCH_DOCUMENTS", d.documents),
            cadres=_env_int("BENCH_CADRES", d.cadres),
            repeats=_env_int("BENCH_READ_REPEATS", d.repeats),
        )

    def key(self, service: str) -> str:
        """The cache key of one service's seeded data: its sizes and `SEED_VERSION` (office's board is
        made of rights' events, so office's key holds the petitions too). Not the migrations: a cached
        seed is migrated forward to the head when it is read, as a deployment's data would be."""
        sizes = {
            "rights": (self.petitions,),
            "office": (self.petitions, self.board_items, self.documents),
            "liaison": (self.associations, self.persons),
            "personnel": (self.cadres,),
        }[service]
        raw = f"{SEED_VERSION}/{service}/{'/'.join(map(str, sizes))}"
        return hashlib.sha256(raw.encode()).hexdigest()[:12]


REGIONS = [f"4301{i:02d}" for i in range(1, 15)]
CATEGORIES = ["property", "education", "employment", "social_security", "immigration", "other"]
COUNTRIES = ["MY", "SG", "ID", "TH", "US", "CA", "AU", "GB", "FR", "JP", "PH", "VN"]
FIELDS = ["business", "culture", "science", "education", "media"]
# names as a register holds them: a family name and one or two given characters (so that a search
# for a given name of two characters, or a full name of three, finds a realistic share of the rows)
SURNAMES = "陳李張王劉黃林吳周徐孫胡朱高何郭馬羅梁宋鄭謝韓唐馮于董蕭程曹袁鄧許傅沈曾彭呂蘇盧蔣蔡賈丁魏薛葉閻余潘杜戴夏鍾汪田任姜范方石姚譚廖鄒熊金陸郝孔白崔康毛邱秦江史顧侯邵孟龍萬段雷錢湯尹黎易常武喬賀賴龔文歐陽"
GIVEN = "志明華建國偉芳秀英敏靜麗強磊軍洋勇艷傑娟濤超霞平剛桂蘭玉珍鳳紅梅海波輝鵬飛雲霖"
TOPICS = ["僑務工作", "海外聯誼", "僑界權益", "歸僑僑眷", "經濟科技", "文化交流", "青年工作", "基層組織"]


def zh_name(i: int) -> str:
    """The i-th name: `SURNAMES[i]` and one (a fifth of them) or two given characters."""
    family, rest = SURNAMES[i % len(SURNAMES)], i // len(SURNAMES)
    first, second = GIVEN[rest % len(GIVEN)], GIVEN[(rest // len(GIVEN) + i) % len(GIVEN)]
    return family + first if i % 5 == 0 else family + first + second


async def _batched(uowf: Any, n: int, one: Any, chunk: int = 500, label: str = "") -> None:
    t0 = time.perf_counter()
    for start in range(0, n, chunk):
        async with uowf() as uow:
            for i in range(start, min(n, start + chunk)):
                await one(uow, i)
    log(f"seeded {n} {label} in {time.perf_counter() - t0:.0f} s")


async def seed_rights(url: str, n: int) -> None:
    from qiaolian_chassis.uow import UnitOfWorkFactory
    from qiaolian_contracts.events.rights import Channel, FirstDecision, PetitionClass, PetitionerStatus
    from qiaolian_rights.app import definition
    from qiaolian_rights.petitions import commands as pc

    d = definition()
    db = await migrated(d, url)
    rnd = random.Random(15)
    first = date(2016, 11, 1)
    channels, classes = list(Channel), list(PetitionClass)
    statuses = list(PetitionerStatus)
    now = datetime(2026, 12, 1, 2, tzinfo=UTC)  # ten years after the first, received 2017-01-03
    uowf = UnitOfWorkFactory(db, "rights", d.tables, on_commit=lambda: None, clock=lambda: now)

    async def one(uow: Any, i: int) -> None:
        received = first + timedelta(days=int(i * 3650 / max(n, 1)))
        transfer = i % 13 == 5
        p = await pc.file_petition(
            uow,
            pc.FilePetition(
                channel=channels[i % len(channels)],
                petitioner_name=zh_name(i),
                petitioner_status=statuses[i % len(statuses)],
                petition_class=classes[i % len(classes)],
                category=CATEGORIES[rnd.randrange(len(CATEGORIES))],
                summary="十年數據集的信訪事項",
                received_on=received,
                region=REGIONS[rnd.randrange(len(REGIONS))],
                transferred_from="某市僑聯" if transfer else None,
            ),
        )
        if transfer or p.state != "filed":
            return
        pick = i % 10
        on = received + timedelta(days=3 + i % 20)  # some within the 15 days, some late
        if pick < 4:
            await pc.accept(uow, pc.AcceptPetition(p.id, on))
        elif pick < 8:
            decision = list(FirstDecision)[pick - 4]
            await pc.decide(
                uow,
                pc.DecidePetition(
                    p.id,
                    decision,
                    decided_by="bench-head",
                    decided_on=on,
                    reason="不屬受理範圍" if decision is FirstDecision.not_accepted else None,
                    organ="某市人民政府" if decision is FirstDecision.routed else None,
                    feedback_due=on + timedelta(days=30)
                    if decision in (FirstDecision.transferred, FirstDecision.assigned)
                    else None,
                ),
            )
        # pick 8, 9: still filed (overdue or running by their dates)

    try:
        await _batched(uowf, n, one, label="petitions")
    finally:
        await db.dispose()


async def seed_office(url: str, rights_url: str, n: int) -> None:
    """Office's board from its own supervision handlers: rights' events first, then more filings."""
    import sqlalchemy as sa

    from qiaolian_chassis.consumer import is_batch_handler, parse_raw
    from qiaolian_chassis.uow import UnitOfWorkFactory
    from qiaolian_contracts.catalog import CONSUMERS_BY_DURABLE
    from qiaolian_office.app import definition
    from qiaolian_rights.app import definition as rights_definition

    d = definition()
    db = await migrated(d, url)
    group = CONSUMERS_BY_DURABLE["office--supervision"]
    handlers = d.handlers["office--supervision"]
    uowf = UnitOfWorkFactory(db, "office", d.tables, on_commit=lambda: None)
    rights = rights_definition()
    rdb = await migrated(rights, rights_url)
    outbox = rights.tables.outbox
    t0 = time.perf_counter()
    done = 0
    try:
        last = 0
        while True:
            async with rdb.engine.connect() as conn:
                rows = (
                    await conn.execute(
                        sa.select(outbox.c.id, outbox.c.event_type, outbox.c.payload)
                        .where(outbox.c.id > last)
                        .order_by(outbox.c.id)
                        .limit(2000)
                    )
                ).all()
            if not rows:
                break
            last = rows[-1].id
            envs = [parse_raw(r.payload, group) for r in rows if r.event_type in handlers]
            done += await _apply(uowf, handlers, envs, is_batch_handler)
        extra = []
        while done + len(extra) < n:
            extra.append(parse_raw(filed_envelope()[2], group))
            if len(extra) == 2000 or done + len(extra) >= n:
                done += await _apply(uowf, handlers, extra, is_batch_handler)
                extra = []
    finally:
        await rdb.dispose()
        await db.dispose()
    log(f"seeded office's board from {done} events in {time.perf_counter() - t0:.0f} s")


async def _apply(uowf: Any, handlers: Any, envs: list[Any], is_batch: Any) -> int:
    """The events in order, a run of one type at once for a batch handler, as the consumer does."""
    async with uowf() as uow:
        i = 0
        while i < len(envs):
            h = handlers[envs[i].type]
            if is_batch(h):
                j = i
                while j < len(envs) and envs[j].type == envs[i].type:
                    j += 1
                await h(uow, envs[i:j])
                i = j
            else:
                await h(uow, envs[i])
                i += 1
    return len(envs)


async def seed_liaison(url: str, associations: int, persons: int) -> None:
    from qiaolian_chassis.uow import UnitOfWorkFactory
    from qiaolian_liaison.app import definition
    from qiaolian_liaison.associations import commands as ac

    d = definition()
    db = await migrated(d, url)
    uowf = UnitOfWorkFactory(db, "liaison", d.tables, on_commit=lambda: None)
    ids: list[str] = []

    async def association(uow: Any, i: int) -> None:
        a = await ac.register_association(
            uow,
            ac.RegisterAssociation(
                country=COUNTRIES[i % len(COUNTRIES)],
                field=FIELDS[i % len(FIELDS)],
                name_zh=f"湖南同鄉會第{i}分會",
                name_romanised=f"Hunan Association Branch {i}",
                hometown="長沙" if i % 3 else "湘潭",
                register_despite_duplicates=True,
            ),
        )
        ids.append(a.id)

    async def person(uow: Any, i: int) -> None:
        await ac.register_person(
            uow,
            ac.RegisterPerson(
                country=COUNTRIES[i % len(COUNTRIES)],
                field=FIELDS[i % len(FIELDS)],
                name_zh=zh_name(i),
                family_name=f"Tan{i}",
                given_name="Ah Kow",
                association_id=ids[i % len(ids)] if ids and i % 4 == 0 else None,
                register_despite_duplicates=True,
            ),
        )

    try:
        await _batched(uowf, associations, association, label="associations")
        await _batched(uowf, persons, person, label="persons")
    finally:
        await db.dispose()


async def seed_documents(url: str, n: int) -> None:
    """Office's official documents through its commands: incoming registered, outgoing drafted."""
    from qiaolian_chassis.uow import UnitOfWorkFactory
    from qiaolian_contracts.events.common import Office
    from qiaolian_office.app import definition
    from qiaolian_office.documents import commands as dc
    from qiaolian_office.documents.rules import Classification, Urgency

    d = definition()
    db = await migrated(d, url)
    uowf = UnitOfWorkFactory(db, "office", d.tables, on_commit=lambda: None)
    classes, urgencies, offices = list(Classification), list(Urgency), list(Office)
    first = date(2016, 11, 1)

    def title(i: int) -> str:
        return f"關於{2017 + i % 10}年{TOPICS[i % len(TOPICS)]}第{i}號事項的通知"

    async def incoming(uow: Any, i: int) -> None:
        await dc.register_incoming(
            uow,
            dc.RegisterIncoming(
                source_organ="中共湖南省委辦公廳",
                source_number=f"湘辦〔{2017 + i % 10}〕{i}號",
                title=title(i),
                classification=classes[i % 3],  # public, internal, confidential
                urgency=urgencies[i % len(urgencies)],
                received_on=first + timedelta(days=int(i * 3650 / max(n, 1))),
            ),
        )

    async def outgoing(uow: Any, i: int) -> None:
        await dc.draft(
            uow,
            dc.DraftOutgoing(
                title=title(i), prefix="湘僑", classification=classes[i % 3], drafting_office=offices[i % len(offices)]
            ),
        )

    try:
        await _batched(uowf, n - n // 2, incoming, label="incoming documents")
        await _batched(uowf, n // 2, outgoing, label="outgoing documents")
    finally:
        await db.dispose()


async def seed_personnel(url: str, n: int) -> None:
    """Personnel's cadres' records through `register_cadre`."""
    from qiaolian_chassis.uow import UnitOfWorkFactory
    from qiaolian_personnel.app import definition
    from qiaolian_personnel.cadres import commands as cc

    d = definition()
    db = await migrated(d, url)
    uowf = UnitOfWorkFactory(db, "personnel", d.tables, on_commit=lambda: None)

    async def cadre(uow: Any, i: int) -> None:
        await cc.register_cadre(uow, cc.RegisterCadre(name=zh_name(i * 7 + 3), gender=("male", "female")[i % 2]))

    try:
        await _batched(uowf, n, cadre, label="cadres")
    finally:
        await db.dispose()


SERVICES = ("rights", "office", "personnel", "liaison")  # the order of seeding: office reads rights' outbox


async def seeded(backend: Backend, ds: DataSet) -> dict[str, str]:
    """Database URLs of the four services holding the data set, each a copy of its cached seed (seeded
    first when missing): on SQLite a file under `BENCH_SEED_CACHE`, on PostgreSQL a database
    `bench_seed_<key>_<service>` kept between runs and copied as a template. The copies are migrated
    forward by the services when they start."""
    names = {s: f"reads_{s}" for s in SERVICES}
    if backend.pg_base is not None:
        return {s: await _pg_seeded(backend, s, names, ds) for s in SERVICES}
    root = Path(os.environ.get("BENCH_SEED_CACHE", "var/bench/seed"))
    for s in SERVICES:
        cache = root / f"{s}-{ds.key(s)}"
        if (cache / "done").exists():
            log(f"{s}'s data set from the cache {cache}")
            continue
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        for dep in ("rights",) if s == "office" else ():  # office reads rights' outbox from its file
            src = root / f"{dep}-{ds.key(dep)}" / f"{names[dep]}.db"
            shutil.copyfile(src, cache / f"{names[dep]}.db")
        tmp = Backend("sqlite", cache)
        await _seed_one(s, {k: await tmp.url(db) for k, db in names.items()}, ds)
        if s == "office":
            for suffix in ("", "-wal", "-shm"):
                (cache / f"{names['rights']}.db{suffix}").unlink(missing_ok=True)
        (cache / "done").write_text(datetime.now(UTC).isoformat())
    for s, db in names.items():
        for suffix in ("", "-wal", "-shm"):
            src = root / f"{s}-{ds.key(s)}" / f"{db}.db{suffix}"
            if src.exists():
                shutil.copyfile(src, backend.work / f"{db}.db{suffix}")
    return {s: await backend.url(db) for s, db in names.items()}


async def _pg_seeded(backend: Backend, service: str, names: dict[str, str], ds: DataSet) -> str:
    """One service's PostgreSQL copy: `CREATE DATABASE … TEMPLATE` of its kept seed, which is made
    first when missing (as `…_seeding`, renamed once complete, so a seed cut short is not reused)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    assert backend.pg_base is not None
    seed = f"bench_seed_{ds.key(service)}_{service}"
    admin = create_async_engine(backend.pg_base, isolation_level="AUTOCOMMIT")

    def url(db: str) -> str:
        assert backend.pg_base is not None
        return make_url(backend.pg_base).set(database=db).render_as_string(hide_password=False)

    async def exists(db: str) -> bool:
        async with admin.connect() as conn:
            return bool(
                (await conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": db})).first()
            )

    async def run(sql: str) -> None:
        async with admin.connect() as conn:
            await conn.execute(sa.text(sql))

    try:
        if await exists(seed):
            log(f"{service}'s data set from the kept database {seed}")
        else:
            await run(f'DROP DATABASE IF EXISTS "{seed}_seeding" WITH (FORCE)')
            await run(f'CREATE DATABASE "{seed}_seeding"')
            urls = {s: url(f"bench_seed_{ds.key(s)}_{s}") for s in SERVICES}
            urls[service] = url(f"{seed}_seeding")
            await _seed_one(service, urls, ds)
            # as autovacuum leaves a database that has run for a while: the visibility map that lets
            # an index-only scan skip the rows (the statistics' GROUP BY over the deadlines: 55 ms
            # without it, 15 with), and the planner's statistics
            vacuum = create_async_engine(url(f"{seed}_seeding"), isolation_level="AUTOCOMMIT")
            try:
                async with vacuum.connect() as conn:
                    await conn.execute(sa.text("VACUUM ANALYZE"))
            finally:
                await vacuum.dispose()
            await run(f'ALTER DATABASE "{seed}_seeding" RENAME TO "{seed}"')
        copy = f"bench_{backend.token}_{names[service]}"
        await run(f'CREATE DATABASE "{copy}" TEMPLATE "{seed}"')
        backend.created.append(copy)
        return url(copy)
    finally:
        await admin.dispose()


async def _seed_one(service: str, urls: dict[str, str], ds: DataSet) -> None:
    if service == "rights":
        await seed_rights(urls["rights"], ds.petitions)
    elif service == "office":
        await seed_office(urls["office"], urls["rights"], ds.board_items)
        await seed_documents(urls["office"], ds.documents)
    elif service == "personnel":
        await seed_personnel(urls["personnel"], ds.cadres)
    else:
        await seed_liaison(urls["liaison"], ds.associations, ds.persons)


# ---- the endpoints read ----------------------------------------------------------------------------

# (service, label, path, params, kind); a `{next}` param takes the `next` of the plain list's first page
ENDPOINTS: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("rights", "petitions", "/petitions", {}, "list"),
    ("rights", "petitions, state", "/petitions", {"state": "accepted"}, "list"),
    (
        "rights",
        "petitions, region and months",
        "/petitions",
        {"region": "430105", "received_from": "2020-01-01", "received_to": "2021-12-31"},
        "list",
    ),
    ("rights", "petitions, needing a handler", "/petitions", {"needs_handler": "true"}, "list"),
    ("rights", "petitions, offset 20000", "/petitions", {"offset": 20000, "count": "false"}, "list"),
    ("rights", "petitions, after a cursor", "/petitions", {"after": "{next}"}, "list"),
    ("rights", "petition statistics", "/petitions/stats", {}, "stats"),
    ("rights", "petition statistics, region", "/petitions/stats", {"region": "430105"}, "stats"),
    ("office", "board", "/supervision/items", {}, "list"),
    ("office", "board of one office", "/supervision/items", {"office": "rights"}, "list"),
    ("office", "board, closed", "/supervision/items", {"state": "closed"}, "list"),
    ("office", "board summary", "/supervision/summary", {}, "stats"),
    ("liaison", "associations", "/associations", {}, "list"),
    ("liaison", "associations, country", "/associations", {"country": "SG"}, "list"),
    ("liaison", "associations, name search", "/associations", {"q": "Branch 42"}, "search"),
    ("liaison", "associations, name search (zh)", "/associations", {"q": "第421分會"}, "search"),
    ("liaison", "persons", "/persons", {}, "list"),
    ("liaison", "persons, country", "/persons", {"country": "MY"}, "list"),
    ("liaison", "persons, name search (3 characters)", "/persons", {"q": "陳志明"}, "search"),
    ("liaison", "persons, name search (2 characters)", "/persons", {"q": "志明"}, "search"),
    ("liaison", "persons, name search (romanised)", "/persons", {"q": "Tan4242"}, "search"),
    ("liaison", "persons, name search, nothing found", "/persons", {"q": "歐陽無名"}, "search"),
    ("rights", "petitions, name search (3 characters)", "/petitions", {"q": "陳志明"}, "search"),
    ("rights", "petitions, name search (2 characters)", "/petitions", {"q": "志明"}, "search"),
    ("office", "incoming documents", "/documents/incoming", {}, "list"),
    ("office", "incoming documents, title search", "/documents/incoming", {"q": "第4242號"}, "search"),
    ("office", "incoming documents, title search (2 characters)", "/documents/incoming", {"q": "聯誼"}, "search"),
    ("office", "outgoing documents", "/documents/outgoing", {}, "list"),
    ("office", "outgoing documents, title search", "/documents/outgoing", {"q": "僑界權益第42"}, "search"),
    ("personnel", "cadres", "/cadres", {}, "list"),
    ("personnel", "cadres, name search (3 characters)", "/cadres", {"q": "王建國"}, "search"),
    ("personnel", "cadres, name search (2 characters)", "/cadres", {"q": "建國"}, "search"),
]


async def measure_reads(report: Report, backend: Backend, server: Any, sizes: Sizes) -> None:
    import asyncio

    import httpx

    from qiaolian_chassis.testing import TokenAuth
    from qiaolian_deploy.launcher import Launcher
    from qiaolian_deploy.natsserver import free_port

    ds = DataSet.from_env()
    t0 = time.perf_counter()
    urls = await seeded(backend, ds)
    report.add(
        Figure(
            "reads_seed_seconds",
            "ten-year data set ready (seeded, or copied from the cache)",
            f"{ds.petitions} petitions, {ds.board_items} board items, {ds.associations} associations, "
            f"{ds.persons} persons, {ds.documents} documents, {ds.cadres} cadres",
            time.perf_counter() - t0,
            "s",
        )
    )
    if os.environ.get("BENCH_READS_IN_PROCESS") == "1":
        await _read_in_process(report, urls, ds)
        return
    svc_dir = backend.work / "reads"
    launcher = Launcher(
        var_dir=svc_dir,
        nats_url=server.url,
        nats_credentials_from=server.credentials_dir,
        log_dir=svc_dir / "logs",
        ports={s: free_port() for s in urls},
        env={f"{s.upper()}_DATABASE_URL": u for s, u in urls.items()},
    )
    try:
        await asyncio.to_thread(launcher.start)
        await asyncio.to_thread(launcher.wait_ready, 180.0, ("rights", "office", "liaison", "personnel"))
        clients = {
            s: httpx.AsyncClient(base_url=launcher.url(s), timeout=30, auth=TokenAuth(s))
            for s in ("rights", "office", "liaison", "personnel")
        }
        try:
            await _read_all(report, clients, ds, "HTTP")
        finally:
            for c in clients.values():
                await c.aclose()
    finally:
        await asyncio.to_thread(launcher.stop)


async def _read_in_process(report: Report, urls: dict[str, str], ds: DataSet) -> None:
    """`BENCH_READS_IN_PROCESS=1`: each service's ASGI app in this process on the seeded databases, with
    no NATS, relay or deadline scheduler (on a loaded machine the launched services' start-up work,
    ten years of overdue deadlines published, is most of what an HTTP figure measures)."""
    import importlib

    import httpx

    from qiaolian_chassis.service import build_app
    from qiaolian_chassis.settings import ServiceSettings
    from qiaolian_chassis.testing import PUBLIC_KEY, TokenAuth

    apps, clients = [], {}
    for s, url in urls.items():
        definition = importlib.import_module(f"qiaolian_{s}.app").definition
        app = build_app(
            definition(),
            ServiceSettings(
                service=s,
                database_url=url,
                nats_url="nats://127.0.0.1:1",
                env="dev",
                token_public_key=PUBLIC_KEY.decode(),
            ),
        )
        await app.state.service.db.migrate()
        apps.append(app)
        clients[s] = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"http://{s}", timeout=30, auth=TokenAuth(s)
        )
    try:
        await _read_all(report, clients, ds, "in process")
    finally:
        for c in clients.values():
            await c.aclose()
        for app in apps:
            await app.state.service.db.dispose()


async def _read_all(report: Report, clients: dict[str, Any], ds: DataSet, how: str) -> None:
    nexts: dict[tuple[str, str], str] = {}
    for service, label, path, params, kind in ENDPOINTS:
        if "{next}" in params.values():
            page = (await clients[service].get(path, params={"count": "false"})).json()
            cursor = page.get("next") or ""
            for _ in range(50):  # up to 50 pages deep (the last page with a next)
                page = (await clients[service].get(path, params={"after": cursor})).json()
                if not page.get("next"):
                    break
                cursor = page["next"]
            nexts[(service, path)] = cursor
            params = {k: nexts[(service, path)] if v == "{next}" else v for k, v in params.items()}
        times: list[float] = []
        status = 0
        for _ in range(ds.repeats + 2):
            t = time.perf_counter()
            r = await clients[service].get(path, params=params)
            times.append((time.perf_counter() - t) * 1000)
            status = r.status_code
        times = times[2:]  # the first two warm caches
        limit = STATS_P95_MS if kind == "stats" else LIST_P95_MS
        size = f"{ds.repeats} requests {how}, HTTP {status}, load {os.getloadavg()[0]:.1f}"
        key = "reads_" + "".join(c if c.isalnum() else "_" for c in f"{service}_{label}")
        report.add(Figure(key + "_p50", f"{service} {label}: p50", size, percentile(times, 50), "ms"))
        p95 = percentile(times, 95)
        report.add(
            Figure(
                key + "_p95",
                f"{service} {label}: p95",
                size,
                p95,
                "ms",
                target=f"≤ {limit:g} ms",
                met=None if p95 is None else (p95 <= limit and status == 200),
                note=f"{path} {params}",
            )
        )
