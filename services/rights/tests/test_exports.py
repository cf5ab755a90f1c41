"""Exports (.xlsx) of rights' lists through HTTP: the filter's rows, the list's shaping, the audit, 403."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import openpyxl
import pytest

from qiaolian_chassis import exports

from .conftest import Client
from .test_petition_access import body

CLERK = {"rights.clerk"}


def sheet(content: bytes) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


async def test_a_petition_export_has_the_rows_the_filter_selects_shaped_and_audited(as_: Client) -> None:
    clerk = as_(CLERK, cadre_id="c1", account_id="clerk-1")
    claim = (await clerk.post("/petitions", json=body())).json()
    other = (await clerk.post("/petitions", json=body(petition_class="proposal"))).json()
    assert "id" in other, other
    got = await clerk.get("/petitions/export", params={"petition_class": "claim"})
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in got.headers["content-disposition"]
    rows = sheet(got.content)
    assert [r["编号"] for r in rows] == [claim["id"]] and other["id"] not in str(rows)
    (row,) = rows
    assert row["信访人·姓名/名称"] == "李華" and row["信访人·电话"] == "13800000000"
    assert row["信访人·身份证号（脱敏）"] == "430*************38"  # as the list shapes it: never the full number
    assert row["状态"] == "待受理" and row["状态代码"] == "filed" and row["来访方式"] == "来访"
    assert (
        row["来访方式代码"] == "visit"
        and row["信访人·状态"] == "归侨"
        and row["受理告知期限"] == claim["first_decision_due"]
    )
    assert row["代表"] == "張三、李四"
    audit = (await as_({"auditor"}).get("/audit", params={"account_id": "clerk-1"})).json()["items"]
    reads = [a for a in audit if a["action"] == "GET /petitions/export"]
    assert [a["record_id"] for a in reads] == [claim["id"]]
    assert {"petitioner.name", "petitioner.phone", "summary"} <= set(reads[0]["fields"])


async def test_an_export_needs_the_lists_permission(as_: Client) -> None:
    await as_(CLERK, cadre_id="c1").post("/petitions", json=body())
    for roles in ({"office.clerk"}, {"personnel.head"}, {"auditor"}):
        refused = await as_(roles).get("/petitions/export")
        assert refused.status_code == 403 and "rights.read" in refused.text
    assert (await as_({"leader"}).get("/petitions/export")).status_code == 200


async def test_a_report_and_accusation_petition_is_exported_only_for_its_handler_and_the_head(as_: Client) -> None:
    head = as_({"rights.head"}, cadre_id="h1")
    p = (await head.post("/petitions", json=body(petition_class="report_accusation"))).json()
    assert [r["编号"] for r in sheet((await head.get("/petitions/export")).content)] == [p["id"]]
    assert sheet((await as_(CLERK, cadre_id="c2").get("/petitions/export")).content) == []


async def test_bad_filters_are_422_as_for_the_list(as_: Client) -> None:
    got = await as_(CLERK).get("/petitions/export", params={"received_from": "not a day"})
    assert got.status_code == 422 and got.json()["errors"][0]["field"] == "query.received_from"


async def test_the_statistics_export_is_the_table_reported_upward(as_: Client) -> None:
    clerk = as_(CLERK, cadre_id="c1")
    for kw in ({}, {"category": "other"}, {"category": "other"}):  # the third repeats the second: linked
        assert (await clerk.post("/petitions", json=body(**kw))).status_code == 201
    got = await clerk.get("/petitions/stats/export", params={"received_from": "2026-03-01"})
    assert got.status_code == 200, got.text
    rows = sheet(got.content)
    assert list(rows[0]) == ["类别", "信访类别", "状态", "件数", "按期办结", "超期办结", "逾期未办", "未到期", "按期率"]
    by = {(r["类别"], r["信访类别"], r["状态"]): r["件数"] for r in rows}
    stats = (await clerk.get("/petitions/stats", params={"received_from": "2026-03-01"})).json()
    assert by[("合计", "", "")] == stats["total"] == 2  # as the stats count: the linked repeat left out
    assert by[("property", "申诉求决类", "待受理")] == 1 and by[("其他", "申诉求决类", "待受理")] == 1
    assert rows[-1]["未到期"] == 4 and rows[-1]["按期率"] is None  # both first decisions and both notices running
    assert sheet((await clerk.get("/petitions/stats/export", params={"received_from": "2026-04-01"})).content) == [
        dict.fromkeys(rows[0], 0) | {"类别": "合计", "信访类别": "", "状态": "", "按期率": None}
    ]
    assert (await as_({"office.clerk"}).get("/petitions/stats/export")).status_code == 403


async def test_an_export_larger_than_the_bound_is_refused_not_cut_short(
    as_: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    clerk = as_(CLERK, cadre_id="c1")
    await clerk.post("/petitions", json=body())
    assert (await clerk.get("/petitions/export")).status_code == 200
    await clerk.post("/petitions", json=body(category="other"))
    refused = await clerk.get("/petitions/export")
    assert refused.status_code == 422 and "narrow the filters" in refused.json()["detail"]
    assert refused.json()["errors"][0]["field"] == "query"
    assert (await clerk.get("/petitions/export", params={"category": "other"})).status_code == 200


async def test_text_is_never_written_as_a_formula(as_: Client) -> None:
    clerk = as_(CLERK, cadre_id="c1")
    await clerk.post("/petitions", json=body(summary='=HYPERLINK("http://x")'))
    (row,) = sheet((await clerk.get("/petitions/export")).content)
    assert row["摘要"] == '=HYPERLINK("http://x")'
    book = openpyxl.load_workbook(BytesIO((await clerk.get("/petitions/export")).content))
    assert all(c.data_type != "f" for r in book.active.iter_rows() for c in r)
