"""The demo business data of a first `make run`: the demo people find their records through the console,
and a second start adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from qiaolian_deploy.demo_data import ALUMNI, MARKER, PETITIONS
from qiaolian_deploy.launcher import Launcher

from .conftest import dump_logs, eventually, start_system

pytestmark = pytest.mark.system
DEMO_PASSWORD = "qiaolian-demo"


def signed_in(launcher: Launcher, username: str) -> httpx.Client:
    client = httpx.Client(base_url=launcher.url("console"), timeout=15)
    r = client.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


def petitions(client: httpx.Client) -> list[dict]:
    r = client.get("/api/rights/petitions", params={"limit": 500})
    assert r.status_code == 200, r.text
    items: list[dict] = r.json()["items"]
    return items


def test_a_first_start_loads_the_demo_data_once(tmp_path: Path) -> None:
    launcher = start_system(tmp_path)
    try:
        made = launcher.load_demo_data()
        assert made is not None and made["petitions"] == len(PETITIONS) and made["cadres"] >= 8, made
        assert (tmp_path / MARKER).is_file()

        clerk = signed_in(launcher, "rights.clerk")
        me = clerk.get("/auth/me").json()
        assert me["demo"] is True and me["roles"] == ["rights.clerk"] and me["cadre_id"], me
        found = petitions(clerk)
        assert {p["summary"] for p in found} == {p[0] for p in PETITIONS}
        assert {p["state"] for p in found} >= {"filed", "accepted"}
        assert any(p["state"] not in ("filed", "accepted") for p in found)  # one has its first decision

        head = signed_in(launcher, "office.head")

        def board() -> list[dict]:
            r = head.get("/api/office/supervision/items", params={"limit": 500})
            assert r.status_code == 200, r.text
            return [i for i in r.json()["items"] if i["kind"].startswith("petition_")]

        assert eventually(board, timeout=20)
        liaison = signed_in(launcher, "liaison.clerk")
        visit = liaison.get("/api/liaison/delegation-visits").json()["items"][0]
        arranged = eventually(
            lambda: (
                liaison.get(f"/api/liaison/delegation-visits/{visit['id']}").json()["logistics"]["status"] == "arranged"
            ),
            timeout=20,
        )
        assert arranged
        # the alumni association the federation liaises with, its contacts and its annual meeting
        [alumni] = [
            a for a in liaison.get("/api/liaison/associations").json()["items"] if a["name_zh"] == ALUMNI["name_zh"]
        ]
        assert (alumni["country"], alumni["field"]) == ("CN", "alumni")
        assert [x["name"] for x in alumni["leaders"]] == [x["name"] for x in ALUMNI["leaders"]]
        meetings = liaison.get("/api/liaison/interactions", params={"contact_id": alumni["id"]}).json()["items"]
        assert [(m["contact_kind"], m["kind"]) for m in meetings] == [("association", "meeting")]
        for c in (clerk, head, liaison):
            c.close()
    except Exception:
        dump_logs(launcher)
        raise
    finally:
        launcher.stop()

    # a second start: the marker says it is done; and without the marker (a start that stopped
    # half-way) every step finds what it made and makes nothing again
    again = start_system(tmp_path)
    try:
        assert again.load_demo_data() is None
        (tmp_path / MARKER).unlink()
        assert again.load_demo_data() == {}
        clerk = signed_in(again, "rights.clerk")
        assert len(petitions(clerk)) == len(PETITIONS)
        clerk.close()
    except Exception:
        dump_logs(again)
        raise
    finally:
        again.stop()


def test_a_var_dir_in_use_before_gets_no_demo_data(system: Launcher, http: Callable[[str], httpx.Client]) -> None:
    # the shared system (a var dir in use by the other tests, and by this one's petition in any case)
    rights = http("rights")
    before = rights.get("/petitions", params={"limit": 1}).json()["total"]
    r = rights.post(
        "/petitions",
        json={
            "channel": "letter",
            "petitioner": {"name": "何平", "status": "returnee"},
            "petition_class": "claim",
            "category": "property",
            "summary": "一件真實的來信",
            "received_on": "2026-03-02",
        },
    )
    assert r.status_code == 201, r.text
    assert system.load_demo_data() is None
    assert (system.var_dir / MARKER).is_file()
    assert rights.get("/petitions", params={"limit": 1}).json()["total"] == before + 1
