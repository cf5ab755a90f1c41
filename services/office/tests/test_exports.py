"""An export of office's outbound trips through HTTP: a clerk of another office gets the file with the
trips' personal fields left out, as the list leaves them out for that role; office's own clerk gets
them, and the read is audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.service import build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_office.app import definition
from qiaolian_office.database import directory


@pytest.fixture
async def office_app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    app = build_app(
        definition(),
        ServiceSettings(
            service="office",
            database_url=f"sqlite+aiosqlite:///{tmp_path}/o.db",
            nats_url="nats://127.0.0.1:1",
            env="dev",
        ),
        clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)),
    )
    svc = app.state.service
    await svc.db.migrate()
    async with svc.uow() as u:
        await u.session.execute(
            sa.insert(directory.table).values(
                cadre_id="t-1", name="王芳", office="liaison", post="科員", since=date(2025, 1, 1), appointment_id="a"
            )
        )
    yield app
    await svc.db.dispose()


def client(app: FastAPI, roles: set[str], **claims: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://office", auth=TokenAuth("office", roles, **claims)
    )


def sheet(content: bytes) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


async def test_another_offices_clerk_gets_the_trips_without_their_personal_fields(office_app: FastAPI) -> None:
    trip = {
        "cadre_id": "t-1",
        "destinations": ["HK"],
        "purpose": "出席世界湘商大會",
        "inviting_organisation": "馬來西亞湖南同鄉會",
        "departs_on": "2026-03-10",
        "returns_on": "2026-03-15",
    }
    async with (
        client(office_app, {"office.clerk"}, account_id="oc") as oc,
        client(office_app, {"rights.clerk"}, account_id="rc") as rc,
        client(office_app, {"auditor"}) as auditor,
    ):
        made = await oc.post("/outbound-trips", json=trip)
        assert made.status_code == 201, made.text
        (own,) = sheet((await oc.get("/outbound-trips/export")).content)
        assert own["事由"] == "出席世界湘商大會" and own["邀请单位"] == "馬來西亞湖南同鄉會"
        got = await rc.get("/outbound-trips/export")
        assert got.status_code == 200
        (theirs,) = sheet(got.content)
        assert theirs["编号"] == made.json()["id"] and theirs["目的地"] == "HK"
        assert theirs["状态"] == "已申请" and theirs["状态代码"] == "applied"  # the name, and the code beside it
        assert theirs["事由"] is None and theirs["邀请单位"] is None  # left out, as in the list
        assert "出席" not in str(theirs) and "同鄉會" not in str(theirs)
        rows = (await auditor.get("/audit", params={"account_id": "oc"})).json()["items"]
        assert [r["action"] for r in rows if r["action"].endswith("/export")] == ["GET /outbound-trips/export"]
        assert not [r for r in (await auditor.get("/audit", params={"account_id": "rc"})).json()["items"]]
