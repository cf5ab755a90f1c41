"""Search over names and titles with an index (qiaolian_chassis.search), through each service's HTTP
API, on SQLite and on PostgreSQL: a part of a name is found, a name that is not there is not, LIKE's
wildcards and FTS5's syntax in what a person types are matched as typed, a query of 2 characters (a
Chinese given name, through its own index) or 1 finds what LIKE finds, and nothing is found through a
field the reader may not see."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_liaison.app import definition as liaison_definition
from qiaolian_office.app import definition as office_definition
from qiaolian_personnel.app import definition as personnel_definition
from qiaolian_rights.app import definition as rights_definition
from qiaolian_rights.database import staff as rights_staff

DEFINITIONS = {
    "liaison": liaison_definition,
    "office": office_definition,
    "personnel": personnel_definition,
    "rights": rights_definition,
}

Client = Callable[..., httpx.AsyncClient]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/s.db"
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
async def service(database_url: str) -> AsyncIterator[Callable[[str], Any]]:
    """`client = await service("liaison")`; then `client(roles, **claims)` is signed in as those roles."""
    apps: list[Any] = []
    clients: list[httpx.AsyncClient] = []

    async def start(name: str) -> Client:
        app = build_app(
            DEFINITIONS[name](),
            ServiceSettings(service=name, database_url=database_url, nats_url="nats://127.0.0.1:1", env="dev"),
            clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)),
        )
        await app.state.service.db.migrate()
        apps.append(app)

        def client(roles: set[str] | None = None, **claims: Any) -> httpx.AsyncClient:
            c = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                base_url=f"http://{name}",
                auth=TokenAuth(name, roles, **claims),
            )
            clients.append(c)
            return c

        client.app = app  # type: ignore[attr-defined]
        return client

    yield start
    for c in clients:
        await c.aclose()
    for app in apps:
        await app.state.service.db.dispose()


async def found(client: httpx.AsyncClient, path: str, q: str, key: str, **params: Any) -> list[str]:
    r = await client.get(path, params={"q": q, "limit": 100, **params})
    assert r.status_code == 200, r.text
    return sorted(str(i[key]) for i in r.json()["items"])


async def test_associations_and_persons_by_a_part_of_the_name(service: Any) -> None:
    liaison = (await service("liaison"))()
    for zh, rom in (
        ("湖南同鄉會", "Hunan Fellowship"),
        (None, "Hunan_Club"),
        (None, "HunanXClub"),
        (None, "100% Hunan"),
        ("長沙商會", 'The "Changsha" Chamber'),
    ):
        r = await liaison.post(
            "/associations", json={"name_zh": zh, "name_romanised": rom, "country": "MY", "field": "business"}
        )
        assert r.status_code == 201, r.text
    path, key = "/associations", "name_romanised"
    assert await found(liaison, path, "同鄉會", key) == ["Hunan Fellowship"]  # 3 characters: the index
    assert await found(liaison, path, "湖南", key) == ["Hunan Fellowship"]  # 2 characters: the bigrams
    assert await found(liaison, path, "鄉會", key) == ["Hunan Fellowship"]  # at the end of the name
    assert await found(liaison, path, "CL", key) == ["HunanXClub", "Hunan_Club"]
    assert await found(liaison, path, "n_", key) == ["Hunan_Club"]
    assert await found(liaison, path, "% ", key) == ["100% Hunan"]
    assert await found(liaison, path, "商", key) == ['The "Changsha" Chamber']
    assert await found(liaison, path, "hunan", key) == ["100% Hunan", "Hunan Fellowship", "HunanXClub", "Hunan_Club"]
    assert await found(liaison, path, "n_c", key) == ["Hunan_Club"]  # `_` is not "any one character"
    assert await found(liaison, path, "0%", key) == ["100% Hunan"]  # `%` is not "anything"
    assert await found(liaison, path, "% H", key) == ["100% Hunan"]
    assert await found(liaison, path, '"Changsha"', key) == ['The "Changsha" Chamber']  # FTS5 syntax is text
    assert await found(liaison, path, "Hunan OR Club", key) == []
    assert await found(liaison, path, "fellowship hu", key) == []
    assert await found(liaison, path, "衡陽同鄉", key) == []
    assert await found(liaison, path, "x", key) == ["HunanXClub"]
    assert await found(liaison, path, "\x00ab", key) == []  # a NUL is in no name, and no error
    assert await found(liaison, path, "   ", key) == []
    # filters and the search together
    assert await found(liaison, path, "hunan", key, country="SG") == []

    for zh, family, given in (
        ("陳志明", "Chen", "Zhiming"),
        ("歐陽明華", "Ouyang", "Minghua"),
        ("王芳", "Wang", "Fang"),
    ):
        body = {"name_zh": zh, "family_name": family, "given_name": given, "country": "US", "field": "science"}
        r = await liaison.post("/persons", json=body)
        assert r.status_code == 201, r.text
    path, key = "/persons", "name_zh"
    assert await found(liaison, path, "歐陽明", key) == ["歐陽明華"]
    assert await found(liaison, path, "明", key) == ["歐陽明華", "陳志明"]
    assert await found(liaison, path, "王芳", key) == ["王芳"]  # a two-character name
    assert await found(liaison, path, "志明", key) == ["陳志明"]  # a given name
    assert await found(liaison, path, "陳志", key) == ["陳志明"]
    assert await found(liaison, path, "Zh", key) == ["陳志明"]
    assert await found(liaison, path, "hu", key) == ["歐陽明華"]
    assert await found(liaison, path, "明志", key) == []
    assert await found(liaison, path, "ZHIM", key) == ["陳志明"]
    assert await found(liaison, path, "ouyang", key) == ["歐陽明華"]
    assert await found(liaison, path, "李", key) == []
    assert await found(liaison, path, "張小明", key) == []
    assert await found(liaison, path, "%", key) == []


async def test_cadres_by_a_part_of_the_name(service: Any) -> None:
    personnel = (await service("personnel"))()
    for name in ("李明", "歐陽建國", "張建國", "王_芳"):
        r = await personnel.post("/cadres", json={"name": name})
        assert r.status_code == 201, r.text
    assert await found(personnel, "/cadres", "李明", "name") == ["李明"]  # two characters
    assert await found(personnel, "/cadres", "建國", "name") == ["張建國", "歐陽建國"]
    assert await found(personnel, "/cadres", "歐陽建", "name") == ["歐陽建國"]
    assert await found(personnel, "/cadres", "陽建國", "name") == ["歐陽建國"]
    assert await found(personnel, "/cadres", "趙建國", "name") == []
    assert await found(personnel, "/cadres", "_", "name") == ["王_芳"]
    assert await found(personnel, "/cadres", "王_芳", "name") == ["王_芳"]
    assert await found(personnel, "/cadres", "王%", "name") == []
    assert (await personnel.get("/cadres", params={"q": ""})).status_code == 422
    assert (await personnel.get("/cadres", params={"q": "x" * 101})).status_code == 422


def petition(name: str, agent: str | None, **kw: Any) -> dict[str, Any]:
    return {
        "channel": "visit",
        "petitioner": {"name": name, "status": "returnee", "phone": "13800000000"},
        "agent": {"name": agent} if agent else None,
        "petition_class": "claim",
        "category": "property",
        "summary": "祖屋被佔用",
        "received_on": "2026-03-01",
        **kw,
    }


async def test_petitions_by_the_petitioners_name_only_where_the_reader_may_see_the_petition(service: Any) -> None:
    rights = await service("rights")
    async with rights.app.state.service.uow() as u:
        for cadre_id in ("c1", "h1"):
            await u.session.execute(
                sa.insert(rights_staff.table).values(
                    cadre_id=cadre_id,
                    name="王芳",
                    office="rights",
                    post="科員",
                    since=date(2025, 1, 1),
                    appointment_id=cadre_id,
                )
            )
    head, clerk = rights({"rights.head"}, cadre_id="h1"), rights({"rights.clerk"}, cadre_id="c1")
    ids = {}
    for name, agent, cls in (
        ("李華明", "王律師", "claim"),
        ("李華", None, "claim"),
        ("趙大海", None, "report_accusation"),
    ):
        r = await head.post("/petitions", json=petition(name, agent, petition_class=cls))
        assert r.status_code == 201, r.text
        ids[name] = r.json()["id"]
    assert await found(clerk, "/petitions", "李華明", "id") == [ids["李華明"]]
    assert await found(clerk, "/petitions", "李華", "id") == sorted([ids["李華明"], ids["李華"]])
    assert await found(clerk, "/petitions", "王律師", "id") == [ids["李華明"]]  # the agent's name
    assert await found(clerk, "/petitions", "張三豐", "id") == []
    assert await found(clerk, "/petitions", "%", "id") == []
    # a report-and-accusation petition is not found by its petitioner's name by who may not see it
    assert await found(clerk, "/petitions", "趙大海", "id") == []
    assert await found(clerk, "/petitions", "大海", "id") == []
    assert await found(head, "/petitions", "趙大海", "id") == [ids["趙大海"]]
    assert await found(head, "/petitions", "李華", "id", state="filed") == sorted([ids["李華明"], ids["李華"]])


async def test_documents_by_a_part_of_the_title_within_the_readers_clearance(service: Any) -> None:
    office = await service("office")
    writer = office()
    for title, classification in (
        ("關於2026年僑務工作要點的通知", "internal"),
        ("關於召開僑聯全委會的通知", "public"),
        ("關於某項人事安排的通知", "secret"),
        ("100%完成_年度任務的報告", "internal"),
    ):
        body = {"source_organ": "省委辦公廳", "source_number": "湘辦〔2026〕1號", "title": title}
        r = await writer.post(
            "/documents/incoming", json={**body, "classification": classification, "received_on": "2026-03-01"}
        )
        assert r.status_code == 201, r.text
        r = await writer.post(
            "/documents/outgoing",
            json={"title": title, "prefix": "湘僑", "classification": classification, "drafting_office": "office"},
        )
        assert r.status_code == 201, r.text
    reader = office({"office.clerk"})  # cleared for nothing above internal
    for path in ("/documents/incoming", "/documents/outgoing"):
        assert await found(reader, path, "全委會", "title") == ["關於召開僑聯全委會的通知"]
        assert await found(reader, path, "的通知", "title") == [
            "關於2026年僑務工作要點的通知",
            "關於召開僑聯全委會的通知",
        ]
        assert await found(reader, path, "通知", "title") == [
            "關於2026年僑務工作要點的通知",
            "關於召開僑聯全委會的通知",
        ]
        assert await found(reader, path, "人事安排", "title") == []  # secret: beyond the reader's clearance
        assert await found(reader, path, "%完成_", "title") == ["100%完成_年度任務的報告"]
        assert await found(reader, path, "0%", "title") == ["100%完成_年度任務的報告"]
        assert await found(reader, path, "年度工作", "title") == []


async def test_the_registry_by_a_part_of_the_name_as_liaisons_events_left_it(service: Any) -> None:
    from qiaolian_office.registry import events as registry

    office = await service("office")
    for id_, zh, rom in (("p1", "陳志明", "Chen Zhiming"), ("p2", "林志玲", "Lin Zhiling"), ("a1", "長沙同鄉會", None)):
        async with office.app.state.service.uow() as uow:
            kind = "association" if id_.startswith("a") else "person"
            await registry._upsert(uow, id_, kind=kind, name_zh=zh, name_romanised=rom, country="MY", field="business")
    async with office.app.state.service.uow() as uow:  # a second registration of p2 (a replayed event)
        await registry._upsert(
            uow, "p2", kind="person", name_zh="林志穎", name_romanised="Lin Zhiying", country="MY", field="business"
        )
    reader = office({"office.clerk"})
    assert await found(reader, "/resources", "志明", "id") == ["p1"]
    assert await found(reader, "/resources", "志", "id") == ["p1", "p2"]
    assert await found(reader, "/resources", "同鄉會", "id") == ["a1"]
    assert await found(reader, "/resources", "zhiying", "id") == ["p2"]
    assert await found(reader, "/resources", "林志玲", "id") == []  # the name it had before
    assert await found(reader, "/resources", "志玲", "id") == []
    assert await found(reader, "/resources", "志穎", "id") == ["p2"]
    assert await found(reader, "/resources", "_zh", "id") == []
