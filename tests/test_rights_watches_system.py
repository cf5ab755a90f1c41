"""rights' issue-18 facts across processes, through NATS: an affiliated body's report is on office's
board from the request until it is received, and an economic contact joins office's resource registry."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
import pytest

from qiaolian_chassis.clock import CHINA
from qiaolian_chassis.testing import ok

from .conftest import board_item, eventually

pytestmark = pytest.mark.system

Http = Callable[[str], httpx.Client]
TODAY = datetime.now(CHINA).date()


def item(http: Http, source_id: str) -> dict | None:
    return board_item(http("office"), "rights", "affiliate_report", source_id)


def test_a_report_reaches_the_board_and_a_contact_the_registry(http: Http) -> None:
    rights = http("rights")
    due = TODAY + timedelta(days=30)
    rep = ok(
        rights.post(
            "/affiliate-reports",
            json={
                "body": "chamber_of_commerce",
                "kind": "annual_report",
                "year": TODAY.year,
                "subject": "年度工作報告",
                "due_on": str(due),
            },
        ),
        201,
    )
    opened = eventually(lambda: item(http, rep["id"]))
    assert opened["state"] == "open" and opened["due_on"] == str(due)
    ok(rights.post(f"/affiliate-reports/{rep['id']}/receive", json={"summary": "收到"}))
    eventually(lambda: (item(http, rep["id"]) or {}).get("state") == "closed")

    name = f"Tan {random.randint(0, 10**9)}"
    c = ok(
        rights.post(
            "/economic-contacts",
            json={"kind": "person", "domain": "business", "country": "SG", "field": "finance", "name_romanised": name},
        ),
        201,
    )
    found = eventually(lambda: http("office").get("/resources", params={"source": "rights", "q": name}).json()["items"])
    assert [(r["id"], r["kind"], r["source"]) for r in found] == [(c["id"], "person", "rights")]
