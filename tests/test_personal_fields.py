"""ACCESS.md's table of personal fields, walked row by row through the running services: each record is
made with distinctive values in its personal fields, then read (its detail and its list) with the token
of every role that may not see them, and none of those values may appear anywhere in the answer (left
out, or masked to a first character); read by a role that may, they are all there.

Searching the whole answer for the values, rather than looking at named fields, also catches a field
that leaks under another name (a nested object, a list's summary column, an error message)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from qiaolian_chassis.testing import TokenAuth
from qiaolian_deploy.launcher import Launcher

pytestmark = pytest.mark.system

OTHER_OFFICES = {
    "rights": ("office.clerk", "office.head", "liaison.clerk", "personnel.clerk", "personnel.head"),
    "liaison": ("office.clerk", "office.head", "rights.clerk", "rights.head", "personnel.clerk"),
    "personnel": ("office.clerk", "office.head", "rights.clerk", "liaison.clerk"),
    "office": ("rights.clerk", "liaison.clerk", "personnel.clerk"),
}
NO_BUSINESS = ("auditor", "admin", "operator", "discipline")


@dataclass(frozen=True)
class Row:
    """One row of the table: how to make a record as `maker`, where it is read, the values that must
    not show, who may see them and who may not."""

    name: str
    service: str
    maker: tuple[str, ...]
    make: Callable[[httpx.Client, str], tuple[str, list[str]]]  # (client, tag) -> (record id, secret values)
    detail: str  # path with {id}
    listing: str
    visible_to: tuple[tuple[str, ...], ...]
    hidden_from: tuple[tuple[str, ...], ...]


def created(r: httpx.Response) -> str:
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def petition(c: httpx.Client, tag: str, petition_class: str = "claim") -> tuple[str, list[str]]:
    name, phone, address, summary = f"歐陽{tag}", f"1391{tag[:7]}", f"長沙市岳麓區沁園路{tag}號", f"祖屋被佔{tag}"
    body = {
        "channel": "letter",
        "petitioner": {"name": name, "status": "returnee", "phone": phone, "address": address},
        "petition_class": petition_class,
        "category": "property",
        "summary": summary,
        "received_on": "2026-11-20",
    }
    return created(c.post("/petitions", json=body)), [name, phone, address, summary]


def accusation(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    return petition(c, tag, "report_accusation")


def assistance(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    name, hardship = f"陳{tag}", f"因病致困{tag}"
    body = {"applicant_name": name, "applicant_status": "returnee", "hardship": hardship, "requested_yuan": 3000}
    return created(c.post("/assistance/applications", json=body)), [name, hardship]


def consultation(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    name, question = f"林{tag}", f"祖屋繼承如何辦理{tag}"
    body = {"channel": "phone", "kind": "legal", "topic": "inheritance", "question": question, "asker_name": name}
    return created(c.post("/consultations", json=body)), [name, question]


def dispute(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    a, b, facts = f"趙{tag}", f"錢{tag}", f"房屋租賃糾紛{tag}"
    body = {"category": "property", "parties": [a, b], "facts": facts}
    return created(c.post("/disputes", json=body)), [a, b, facts]


def person(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    phone, email, address = f"+65 6{tag[:7]}", f"p{tag}@example.sg", f"{tag} Orchard Road"
    body = {
        "name_zh": f"黃{tag}",
        "family_name": f"Wong{tag}",
        "given_name": "Mei",
        "country": "SG",
        "field": "business",
        "phone": phone,
        "email": email,
        "address": address,
    }
    return created(c.post("/persons", json=body)), [phone, email, address]


def media_outlet(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    phone, email = f"+60 3{tag[:7]}", f"m{tag}@example.my"
    body = {
        "name": f"星洲日報{tag}",
        "kind": "newspaper",
        "country": "MY",
        "contact_name": "李編輯",
        "contact_phone": phone,
        "contact_email": email,
    }
    return created(c.post("/media-outlets", json=body)), [phone, email]


def cadre(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    n = int(tag)
    birth = f"19{50 + n % 40}-0{1 + n % 9}-1{n % 10}"  # a birth date no other record shares by chance
    return created(c.post("/cadres", json={"name": f"王{tag}", "birth_date": birth, "gender": "female"})), [birth]


def discipline_case(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    cadre_id = created(c.post("/cadres", json={"name": f"被查{tag}"}))
    allegation = f"違規收受禮金{tag}"
    body = {"cadre_id": cadre_id, "opened_on": "2026-03-01", "allegation": allegation}
    return created(c.post("/discipline-cases", json=body)), [allegation]


def secret_document(c: httpx.Client, tag: str) -> tuple[str, list[str]]:
    title = f"關於涉密事項的通知{tag}"
    body = {
        "source_organ": "省委統戰部",
        "source_number": f"湘統〔2026〕{tag}號",
        "title": title,
        "received_on": "2026-11-20",
        "classification": "secret",
    }
    return created(c.post("/documents/incoming", json=body)), [title]


def each(*roles: str) -> tuple[tuple[str, ...], ...]:
    return tuple((r,) for r in roles)


ROWS = [
    Row(
        "petitioner's name, phone, address, summary",
        "rights",
        ("rights.clerk",),
        petition,
        "/petitions/{id}",
        "/petitions",
        each("rights.clerk", "rights.head", "leader"),
        each(*OTHER_OFFICES["rights"], *NO_BUSINESS),
    ),
    Row(
        "a report-and-accusation petition's whole record",
        "rights",
        ("rights.clerk",),
        accusation,
        "/petitions/{id}",
        "/petitions",
        each("rights.head"),
        each("rights.clerk", "leader", *OTHER_OFFICES["rights"], *NO_BUSINESS),
    ),
    Row(
        "assistance applicant's name and hardship",
        "rights",
        ("rights.clerk",),
        assistance,
        "/assistance/applications/{id}",
        "/assistance/applications",
        each("rights.clerk", "leader"),
        each(*OTHER_OFFICES["rights"], *NO_BUSINESS),
    ),
    Row(
        "consultation asker and question",
        "rights",
        ("rights.clerk",),
        consultation,
        "/consultations/{id}",
        "/consultations",
        each("rights.clerk", "leader"),
        each(*OTHER_OFFICES["rights"], *NO_BUSINESS),
    ),
    Row(
        "dispute parties and facts",
        "rights",
        ("rights.clerk",),
        dispute,
        "/disputes/{id}",
        "/disputes",
        each("rights.clerk", "leader"),
        each(*OTHER_OFFICES["rights"], *NO_BUSINESS),
    ),
    Row(
        "persons' phones, e-mails, addresses",
        "liaison",
        ("liaison.clerk",),
        person,
        "/persons/{id}",
        "/persons",
        each("liaison.clerk", "leader"),
        each(*OTHER_OFFICES["liaison"], *NO_BUSINESS),
    ),
    Row(
        "media contacts' phones and e-mails",
        "liaison",
        ("liaison.clerk",),
        media_outlet,
        "/media-outlets/{id}",
        "/media-outlets",
        each("liaison.clerk", "leader"),
        each(*OTHER_OFFICES["liaison"], *NO_BUSINESS),
    ),
    Row(
        "cadres' birth date",
        "personnel",
        ("personnel.clerk",),
        cadre,
        "/cadres/{id}",
        "/cadres",
        each("personnel.clerk", "personnel.head"),
        each(*OTHER_OFFICES["personnel"], "leader", *NO_BUSINESS),
    ),
    Row(
        "discipline cases",
        "personnel",
        ("personnel.clerk", "discipline"),
        discipline_case,
        "/discipline-cases/{id}",
        "/discipline-cases",
        (("discipline",),),
        each("personnel.clerk", "personnel.head", "leader", *OTHER_OFFICES["personnel"], "auditor", "admin"),
    ),
    Row(
        "a secret document, its title too",
        "office",
        ("office.clerk", "cleared_secret"),
        secret_document,
        "/documents/incoming/{id}",
        "/documents/incoming",
        (("office.clerk", "cleared_secret"), ("office.clerk", "cleared_top_secret")),
        (("office.clerk",), ("office.head", "cleared_confidential"), ("leader",), *each(*NO_BUSINESS)),
    ),
]


def answers(system: Launcher, row: Row, roles: tuple[str, ...], record_id: str) -> list[httpx.Response]:
    auth = TokenAuth(row.service, set(roles), cadre_id=f"reader-{uuid.uuid4().hex[:8]}")
    with httpx.Client(base_url=system.url(row.service), timeout=10, auth=auth) as c:
        return [c.get(row.detail.format(id=record_id)), c.get(row.listing, params={"limit": 500})]


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_personal_fields_only_for_the_roles_access_md_names(system: Launcher, row: Row) -> None:
    tag = f"{uuid.uuid4().int % 10**9:09d}"
    with httpx.Client(
        base_url=system.url(row.service),
        timeout=10,
        auth=TokenAuth(row.service, set(row.maker), cadre_id=f"maker-{tag}"),
    ) as maker:
        record_id, secrets = row.make(maker, tag)
    for roles in row.visible_to:
        detail, listing = answers(system, row, roles, record_id)
        assert detail.status_code == 200, f"{roles}: {detail.text[:300]}"
        for value in secrets:
            assert value in detail.text, f"{row.name}: {roles} should see {value!r} in the detail"
            assert value in listing.text, f"{row.name}: {roles} should see {value!r} in the list"
    leaks: list[str] = []
    for roles in row.hidden_from:
        for r in answers(system, row, roles, record_id):
            assert r.status_code < 500, r.text
            shown = [v for v in secrets if v in r.text]
            if shown:
                leaks.append(f"{'+'.join(roles)} reads {shown} at {r.request.url.path}")
    assert not leaks, f"{row.name} leaks:\n" + "\n".join(leaks)
