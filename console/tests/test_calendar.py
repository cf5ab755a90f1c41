"""The holiday calendar's page API: everyone signed in sees the years covered and the one missing;
the `admin` adds or corrects a year (checked as `qiaolian calendar add` checks it, a refusal names
the line), stored in the directory the services read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Running

YEAR_2027 = {
    "year": 2027,
    "source": "test",
    "holidays": [
        {"code": "new_year", "name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
        {"code": "spring_festival", "name": "春節", "from": "2027-02-05", "to": "2027-02-13"},
    ],
    "makeup_workdays": ["2027-02-14"],
}


async def test_the_admin_adds_a_year_and_a_bad_file_is_422_naming_the_line(
    running: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QIAOLIAN_HOLIDAYS_DIR", str(tmp_path / "holidays"))
    clerk = await running.signed_in("clerk", {"office.clerk"})
    shown = (await clerk.http.get("/calendar")).json()
    assert 2027 not in shown["years"] and 2026 in shown["years"]
    good = json.dumps(YEAR_2027, ensure_ascii=False, indent=2)
    r = await clerk.send("POST", "/calendar/years", json={"content": good})
    assert r.status_code == 403 and r.json()["permission"] == "calendar.manage"

    admin = await running.signed_in("admin", {"admin"})
    bad = good.replace('"2027-02-14"', '"2027-02-15"')  # a Monday
    r = await admin.send("POST", "/calendar/years", json={"content": bad})
    assert r.status_code == 422, r.text
    (error,) = r.json()["errors"]
    assert error["field"] == "content" and "line 19" in error["reason"] and "not a weekend day" in error["reason"]
    assert not (tmp_path / "holidays" / "2027.json").exists()

    r = await admin.send("POST", "/calendar/years", json={"content": good})
    assert r.status_code == 201, r.text
    assert r.json()["year"] == 2027 and r.json()["makeup_workdays"] == ["2027-02-14"]
    assert [h["code"] for h in r.json()["holidays"]] == ["new_year", "spring_festival"]
    assert (tmp_path / "holidays" / "2027.json").read_text(encoding="utf-8") == good
    assert 2027 in (await clerk.http.get("/calendar")).json()["years"]
