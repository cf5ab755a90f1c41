"""`qiaolian calendar add 2027.json`: the operator adds (or corrects) a year of the holiday calendar
without a release. The file is checked first (the year; spans inside it or across New Year; make-up
days on weekends; no overlaps), a refusal names the line, and a good file is stored where the
services read it. In process, on files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from qiaolian_contracts.calendar import Calendar, calendar_files
from qiaolian_deploy.cli import main

GOOD = """{
  "year": 2027,
  "source": "國務院辦公廳關於2027年部分節假日安排的通知 (synthetic)",
  "holidays": [
    {"code": "new_year", "name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
    {"code": "spring_festival", "name": "春節", "from": "2027-02-05", "to": "2027-02-13"},
    {"code": "national_day", "name": "國慶節", "from": "2027-10-01", "to": "2027-10-07"}
  ],
  "makeup_workdays": ["2027-02-14", "2027-10-09"]
}
"""


def add(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    source = tmp_path / "2027.json"
    source.write_text(text, encoding="utf-8")
    code = main(["calendar", "add", str(source), "--dir", str(tmp_path / "holidays")])
    out = capsys.readouterr()
    return code, out.err or out.out


def test_a_good_year_is_stored_where_the_services_read_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, said = add(tmp_path, GOOD, capsys)
    assert code == 0, said
    assert (tmp_path / "holidays" / "2027.json").read_text(encoding="utf-8") == GOOD
    cal = Calendar.from_files(*calendar_files(str(tmp_path / "holidays")))
    assert cal.covers(2027) and not cal.is_working_day(date(2027, 2, 8))
    assert cal.is_working_day(date(2027, 2, 14))  # a make-up Sunday
    # the default: <QIAOLIAN_VAR_DIR>/holidays, which the launcher gives every service
    monkeypatch.delenv("QIAOLIAN_HOLIDAYS_DIR", raising=False)
    monkeypatch.setenv("QIAOLIAN_VAR_DIR", str(tmp_path / "var"))
    source = tmp_path / "2027.json"
    assert main(["calendar", "add", str(source)]) == 0
    assert (tmp_path / "var" / "holidays" / "2027.json").exists()


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        (('"year": 2027', '"year": "2027"'), 2, "year must be a number"),
        (('"2027-10-01", "to": "2027-10-07"', '"2026-10-01", "to": "2026-10-07"'), 7, "not in 2027"),
        (('"2027-10-01", "to": "2027-10-07"', '"2027-10-01", "to": "2028-10-07"'), 7, "longer than 15 days"),
        (('"2027-02-05", "to": "2027-02-13"', '"2027-02-05", "to": "2027-02-01"'), 6, "is after"),
        (('"2027-10-01", "to": "2027-10-07"', '"2027-02-10", "to": "2027-02-16"'), 7, "overlaps the span on line 6"),
        (('"2027-10-09"', '"2027-10-11"'), 9, "not a weekend day"),  # a Monday
        (('"2027-10-09"', '"2027-02-06"'), 9, "inside a holiday span"),
        (('"2027-10-09"', '"2026-10-10"'), 9, "not in 2027"),
        (('"makeup_workdays": [', '"makeup_workdays": [,'), 9, "not JSON"),
    ],
)
def test_a_bad_year_is_refused_naming_its_line_and_nothing_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], line: int, reason: str
) -> None:
    old, new = change
    assert old in GOOD
    code, said = add(tmp_path, GOOD.replace(old, new), capsys)
    assert code == 2
    assert f"line {line}:" in said and reason in said, said
    assert not (tmp_path / "holidays" / "2027.json").exists()


def test_new_year_may_span_into_the_next_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(GOOD)
    doc["holidays"].append({"name": "元旦 2028", "from": "2027-12-31", "to": "2028-01-01"})
    code, said = add(tmp_path, json.dumps(doc, ensure_ascii=False, indent=2), capsys)
    assert code == 0, said
