"""The demo business data `make run` loads on its first start, beside the demo accounts.

Only in demo mode (the launcher's dev environment with `CONSOLE_DEMO=true`; compose never loads it),
and only once: `<var>/demo-data.done` is written when everything is in. Everything goes through the
services' own HTTP commands, with tokens signed by the run's key for the demo people, so decisions
carry real cadres: a few cadres per office (the demo accounts of heads and clerks are linked to
theirs), petitions filed, accepted and decided, a visiting delegation that needs reception and
vehicles, the vehicles, official documents in and out, an overseas association, and the 華僑大學湖南校友會
(the Huaqiao University alumni association in Hunan, whose work personnel liaises with) with its
contacts and its annual meeting.

Each step looks for what it makes before making it (by its name, plate, number or summary), so a
start that stopped half-way goes on where it was on the next start without duplicating anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from qiaolian_chassis.auth import Principal, TokenSigner
from qiaolian_chassis.logging import get_logger

log = get_logger(__name__)

MARKER = "demo-data.done"
ADMIN, PASSWORD = "admin", "qiaolian-demo"  # console/qiaolian_console/accounts/demo.py

# office -> [(name, gender, post, the demo account who is this cadre, or None)]
CADRES: dict[str, list[tuple[str, str, str, str | None]]] = {
    "office": [
        ("周建國", "male", "辦公室主任", "office.head"),
        ("陳曉燕", "female", "一級主任科員", "office.clerk"),
    ],
    "liaison": [
        ("劉志遠", "male", "聯絡部部長", "liaison.head"),
        ("黃麗華", "female", "二級主任科員", "liaison.clerk"),
    ],
    "rights": [
        ("李文斌", "male", "權益保障部部長", "rights.head"),
        ("張敏", "female", "二級主任科員", "rights.clerk"),
        ("彭濤", "male", "一級科員", None),
    ],
    "personnel": [
        ("楊秋菊", "female", "人事處處長", "personnel.head"),
        ("鄧偉", "male", "四級主任科員", "personnel.clerk"),
    ],
}

# (summary: the natural key, petitioner, class, category, days before today received, what follows)
PETITIONS: list[tuple[str, dict[str, str], str, str, int, str]] = [
    ("祖屋被鄰居佔用多年，請求協調歸還", {"name": "李華", "status": "returnee"}, "claim", "property", 3, "filed"),
    ("子女回國入學手續辦理困難，請求協助", {"name": "王秀英", "status": "relative"}, "claim", "education", 2, "filed"),
    (
        "投資企業用地審批久拖未決",
        {"name": "陳志明", "status": "overseas_chinese"},
        "claim",
        "investment",
        12,
        "accepted",
    ),
    ("歸僑退休待遇核定有誤，請求復核", {"name": "趙桂蘭", "status": "returnee"}, "claim", "welfare", 20, "accepted"),
    (
        "購房合同糾紛，請求僑聯出面調解",
        {"name": "林國棟", "status": "overseas_chinese"},
        "claim",
        "property",
        9,
        "routed",
    ),
]

ASSOCIATION = {
    "name_zh": "馬來西亞湖南同鄉會",
    "name_romanised": "Persatuan Hunan Malaysia",
    "country": "MY",
    "city": "吉隆坡",
    "field": "hometown",
    "hometown": "長沙",
    "leaders": [{"name": "譚德明", "title": "會長"}],
    "founded_year": 1985,
}

# the alumni association the federation liaises with (personnel's duty, 負責聯系指導華僑大學湖南校友會工作):
# a liaised association in Hunan, its contacts its leaders, its yearly activities logged interactions
ALUMNI = {
    "name_zh": "華僑大學湖南校友會",
    "name_romanised": "Huaqiao University Alumni Association in Hunan",
    "country": "CN",
    "city": "長沙",
    "field": "alumni",
    "leaders": [{"name": "曾憲華", "title": "會長"}, {"name": "歐陽敏", "title": "秘書長"}],
}
ALUMNI_ANNUAL_MEETING = "年度校友聯誼會暨理事會"

VEHICLES = [("湘A·D0001", 7), ("湘A·D0002", 45)]

INCOMING = [
    ("湖南省人民政府僑務辦公室", "湘僑辦函〔2026〕12號", "關於做好歸僑僑眷權益保障工作的通知", "rights"),
    ("中國僑聯辦公廳", "僑聯辦發〔2026〕5號", "關於開展海外僑團聯誼活動的通知", "liaison"),
]
OUTGOING = ("關於2026年度海外聯誼工作計劃的報告", "湘僑聯發", "office")


@dataclass
class DemoData:
    """Loads the demo data into running services: `urls` of the four services and the console."""

    urls: dict[str, str]
    signing_key: bytes
    today: date = field(default_factory=date.today)
    timeout: float = 15.0
    cadres: dict[str, str] = field(default_factory=dict)  # demo username -> cadre id
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # username -> the console's account
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._signer = TokenSigner(self.signing_key)

    # ---- HTTP ------------------------------------------------------------------------------------

    def as_(self, username: str, service: str) -> httpx.Client:
        """A client of `service` acting as the demo person `username` (their account, cadre and role)."""
        account = self.accounts.get(username, {})
        office = username.split(".")[0] if "." in username else None
        who = Principal(
            account_id=account.get("id") or f"demo-{username}",
            cadre_id=self.cadres.get(username),
            office=office,
            roles=frozenset(account.get("roles") or [username]),
        )
        token = self._signer.sign(who, service)
        return httpx.Client(
            base_url=self.urls[service], timeout=self.timeout, headers={"authorization": f"Bearer {token}"}
        )

    def call(self, username: str, service: str, method: str, path: str, **kw: Any) -> Any:
        with self.as_(username, service) as c:
            r = c.request(method, path, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"demo data: {method} {service}{path} answered {r.status_code}")  # no body: names
        return r.json()

    def items(self, username: str, service: str, path: str, **params: Any) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.call(username, service, "GET", path, params={"limit": 500, **params})[
            "items"
        ]
        return found

    def _count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    # ---- steps -----------------------------------------------------------------------------------

    def load(self) -> dict[str, int]:
        self.read_accounts()
        if self.not_a_first_start():
            raise NotFirstStart
        self.load_cadres()
        self.link_accounts()
        self.load_petitions()
        self.load_liaison_and_vehicles()
        self.load_documents()
        self.load_reception()
        return self.counts

    def not_a_first_start(self) -> bool:
        """Rights has petitions that are not the demo's: this var/ was in use before demo data existed."""
        ours = {p[0] for p in PETITIONS}
        return any(p["summary"] not in ours for p in self.items("rights.clerk", "rights", "/petitions"))

    def console(self) -> httpx.Client:
        client = httpx.Client(base_url=self.urls["console"], timeout=self.timeout)
        r = client.post("/auth/login", json={"username": ADMIN, "password": PASSWORD})
        if r.status_code == 401:
            client.close()
            raise NotFirstStart  # no demo admin (real accounts came first, or its password was changed)
        if r.status_code != 200:
            client.close()
            raise RuntimeError(f"demo data: the demo admin cannot sign in ({r.status_code})")
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return client

    def read_accounts(self) -> None:
        with closing(self.console()) as c:
            r = c.get("/accounts", params={"limit": 500})
            r.raise_for_status()
            self.accounts = {a["username"]: a for a in r.json()["items"]}

    def load_cadres(self) -> None:
        existing = {c["name"]: c for c in self.items("personnel.head", "personnel", "/cadres")}
        for office, people in CADRES.items():
            for name, gender, post, username in people:
                cadre = existing.get(name)
                if cadre is None:
                    cadre = self.call(
                        "personnel.head", "personnel", "POST", "/cadres", json={"name": name, "gender": gender}
                    )
                    self._count("cadres")
                if cadre.get("office") is None:
                    self.call(
                        "personnel.head",
                        "personnel",
                        "POST",
                        f"/cadres/{cadre['id']}/appointments",
                        json={
                            "office": office,
                            "post": post,
                            "effective_on": (self.today - timedelta(days=400)).isoformat(),
                        },
                    )
                if username:
                    self.cadres[username] = cadre["id"]
                else:
                    self.cadres[f"{office}:{name}"] = cadre["id"]

    def link_accounts(self) -> None:
        """The demo heads' and clerks' accounts are the cadres appointed above (their office's role stays)."""
        with closing(self.console()) as c:
            for username, cadre_id in self.cadres.items():
                account = self.accounts.get(username)
                if account is None or account.get("cadre_id"):
                    continue
                r = c.put(f"/accounts/{account['id']}/post", json={"cadre_id": cadre_id, "office": account["office"]})
                r.raise_for_status()
                self.accounts[username] = r.json()
                self._count("accounts linked")

    def load_petitions(self) -> None:
        clerk, head = "rights.clerk", "rights.head"
        handler = self.cadres.get("rights:彭濤")
        if handler:  # rights learns its staff from personnel's events
            wait_for(lambda: any(s["cadre_id"] == handler for s in self.items(clerk, "rights", "/staff")))
        existing = {p["summary"]: p for p in self.items(clerk, "rights", "/petitions")}
        for summary, petitioner, petition_class, category, days_ago, then in PETITIONS:
            p = existing.get(summary)
            if p is None:
                received = self.today - timedelta(days=days_ago)
                p = self.call(
                    clerk,
                    "rights",
                    "POST",
                    "/petitions",
                    json={
                        "channel": "letter" if days_ago % 2 else "visit",
                        "petitioner": petitioner,
                        "petition_class": petition_class,
                        "category": category,
                        "summary": summary,
                        "received_on": received.isoformat(),
                        "region": "changsha",
                    },
                )
                self._count("petitions")
            pid = p["id"]
            if then == "accepted" and p["state"] == "filed":
                accepted_on = (self.today - timedelta(days=days_ago - 2)).isoformat()
                p = self.call(clerk, "rights", "POST", f"/petitions/{pid}/accept", json={"accepted_on": accepted_on})
            if then == "accepted" and handler and not p.get("handler_cadre_id"):
                self.call(clerk, "rights", "POST", f"/petitions/{pid}/assign-handler", json={"cadre_id": handler})
            if then == "routed" and p["state"] == "filed":
                self.call(
                    head,
                    "rights",
                    "POST",
                    f"/petitions/{pid}/route",
                    json={
                        "organ": "長沙市住房和城鄉建設局",
                        "decided_on": (self.today - timedelta(days=2)).isoformat(),
                    },
                )

    def load_liaison_and_vehicles(self) -> None:
        plates = {v["plate"] for v in self.items("office.clerk", "office", "/vehicles")}
        for plate, seats in VEHICLES:
            if plate.upper() not in plates:
                self.call("office.clerk", "office", "POST", "/vehicles", json={"plate": plate, "seats": seats})
                self._count("vehicles")
        clerk = "liaison.clerk"
        associations = [
            a for a in self.items(clerk, "liaison", "/associations") if a["name_zh"] == ASSOCIATION["name_zh"]
        ]
        if associations:
            association = associations[0]
        else:
            association = self.call(clerk, "liaison", "POST", "/associations", json=ASSOCIATION)
            self._count("associations")
        self.load_alumni_association()
        name = str(ASSOCIATION["name_zh"])
        if not any(v["association_name"] == name for v in self.items(clerk, "liaison", "/delegation-visits")):
            arrival = self.today + timedelta(days=21)
            self.call(
                clerk,
                "liaison",
                "POST",
                "/delegation-visits",
                json={
                    "association_id": association["id"],
                    "association_name": name,
                    "country": "MY",
                    "size": 12,
                    "arrival_on": arrival.isoformat(),
                    "departure_on": (arrival + timedelta(days=3)).isoformat(),
                    "needs_reception": True,
                    "vehicles_needed": 1,
                    "hosts": ["劉志遠"],
                    "itinerary": [
                        {"day": arrival.isoformat(), "plan": "抵達長沙，省僑聯歡迎座談"},
                        {"day": (arrival + timedelta(days=1)).isoformat(), "plan": "參觀湘江新區，考察投資環境"},
                    ],
                },
            )
            self._count("delegation visits")

    def load_alumni_association(self) -> None:
        """The 華僑大學湖南校友會 with its contacts (its leaders), and its recent annual meeting logged."""
        clerk = "liaison.clerk"
        found = [a for a in self.items(clerk, "liaison", "/associations") if a["name_zh"] == ALUMNI["name_zh"]]
        if found:
            alumni = found[0]
        else:
            alumni = self.call(clerk, "liaison", "POST", "/associations", json=ALUMNI)
            self._count("associations")
        if not self.items(clerk, "liaison", "/interactions", contact_id=alumni["id"], kind="meeting"):
            meeting = {
                "contact_kind": "association",
                "contact_id": alumni["id"],
                "kind": "meeting",
                "occurred_on": (self.today - timedelta(days=10)).isoformat(),
                "staff_cadre_id": self.cadres[clerk],
                "notes": ALUMNI_ANNUAL_MEETING,
            }
            self.call(clerk, "liaison", "POST", "/interactions", json=meeting)
            self._count("interactions")

    def load_reception(self, timeout_s: float = 20.0) -> None:
        """office plans and confirms the demo visit's reception once it is requested (the visit's event
        and the host's appointment reach office through the bus), hosted by the office head."""
        host = self.cadres.get("office.head")
        deadline = time.monotonic() + timeout_s
        while host and time.monotonic() < deadline:
            requested = self.items("office.clerk", "office", "/receptions", status="requested", standalone=False)
            known = any(c["cadre_id"] == host for c in self.items("office.clerk", "office", "/directory"))
            if requested and known:
                r = requested[0]
                plan = {"guests": 12, "guest_level": "bureau", "meals": 6, "nights": 3, "venue": "湘江賓館"}
                plan |= {"hosting_leader_id": host, "budget_yuan": 20000}
                self.call("office.clerk", "office", "POST", f"/receptions/{r['id']}/plan", json=plan)
                self.call("office.clerk", "office", "POST", f"/receptions/{r['id']}/confirm")
                self._count("receptions confirmed")
                return
            if self.items("office.clerk", "office", "/receptions", status="confirmed"):
                return  # a second start
            time.sleep(0.2)

    def load_documents(self) -> None:
        clerk = "office.clerk"
        numbers = {d["source_number"]: d for d in self.items(clerk, "office", "/documents/incoming")}
        for organ, number, title, office in INCOMING:
            d = numbers.get(number)
            if d is None:
                d = self.call(
                    clerk,
                    "office",
                    "POST",
                    "/documents/incoming",
                    json={
                        "source_organ": organ,
                        "source_number": number,
                        "title": title,
                        "received_on": (self.today - timedelta(days=4)).isoformat(),
                    },
                )
                self._count("documents")
            if d["state"] == "registered":
                due = (self.today + timedelta(days=10)).isoformat()
                self.call(
                    clerk,
                    "office",
                    "POST",
                    f"/documents/incoming/{d['id']}/route",
                    json={"office": office, "handling_due": due},
                )
        title, prefix, office = OUTGOING
        if not any(d["title"] == title for d in self.items(clerk, "office", "/documents/outgoing")):
            self.call(
                clerk,
                "office",
                "POST",
                "/documents/outgoing",
                json={"title": title, "prefix": prefix, "drafting_office": office},
            )
            self._count("documents")


class NotFirstStart(Exception):
    """The data of this run is not (only) the demo's: nothing is loaded, now or later."""


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError("demo data: an event did not arrive in time")
        time.sleep(0.2)


def load_once(var_dir: Path, urls: dict[str, str], signing_key: bytes) -> dict[str, int] | None:
    """Load the demo data unless it was loaded already (the marker under `var_dir`); what was made."""
    marker = var_dir / MARKER
    if marker.exists():
        return None
    try:
        counts = DemoData(urls, signing_key).load()
    except NotFirstStart:
        marker.write_text("skipped: not a first start\n")
        log.warning("demo data skipped: not a first start")
        return None
    marker.write_text(date.today().isoformat() + "\n")
    log.warning("demo data loaded: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    return counts
