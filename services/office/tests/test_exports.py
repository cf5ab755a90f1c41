"""An export of office's outbound trips through HTTP: a clerk of another office gets the file with the
trips' personal fields left out, as the list leaves them out for that role; office's own clerk gets
them, and the read is audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from qiaolian_chassis.testing import InProcess, in_process
from qiaolian_office.app import definition


@pytest.fixture
async def office_app(tmp_path: Path) -> AsyncIterator[InProcess]:
    async with in_process(definition(), datetime(2026, 3, 2, 2, tzinfo=UTC), tmp_path, env="dev") as svc:
        await svc.add_staff("t-1", office="liaison", appointment_id="a")
        yield svc


def sheet(content: bytes) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


async def test_another_offices_clerk_gets_the_trips_without_their_personal_fields(office_app: InProcess) -> None:
    trip = {
        "cadre_id": "t-1",
        "destinations": ["HK"],
        "purpose": "出席世界湘商大會",
        "inviting_organisation": "馬來西亞湖南同鄉會",
        "departs_on": "2026-03-10",
        "returns_on": "2026-03-15",
    }
    async with (
        office_app.client({"office.clerk"}, account_id="oc") as oc,
        office_app.client({"rights.clerk"}, account_id="rc") as rc,
        office_app.client({"auditor"}) as auditor,
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
