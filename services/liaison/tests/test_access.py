"""Every liaison route declares its permission: no token is 401, a token without the permission 403
naming it. The app is built but not started: the refusal comes before any database is touched."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI

from qiaolian_chassis.auth import Principal, permission_of
from qiaolian_chassis.service import OPEN_PATHS, api_routes, build_app
from qiaolian_chassis.testing import bearer, trust_test_key
from qiaolian_liaison.app import definition
from qiaolian_liaison.associations import queries
from qiaolian_liaison.associations.schemas import InteractionOut, PersonOut
from qiaolian_liaison.associations.tables import Interaction, Person

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ID = "01J0000000000000000000000X"


@pytest.fixture(scope="module")
def app() -> FastAPI:
    trust_test_key()
    return build_app(definition())


def test_every_route_declares_a_permission(app: FastAPI) -> None:
    routes = [r for r in api_routes(app) if r.path not in OPEN_PATHS]
    assert len(routes) > 60
    assert [r.path for r in routes if permission_of(r) is None] == []
    assert permission_of(next(r for r in routes if r.path == "/staff")) == "staff.read"


# a representative route of each concept: (method, path, the permission, a role that lacks it)
CASES = [
    ("POST", "/articles", "liaison.write", "leader"),
    ("POST", f"/articles/{ID}/approve", "liaison.approve", "liaison.clerk"),
    ("POST", f"/articles/{ID}/withdraw", "liaison.approve", "liaison.clerk"),
    ("GET", "/articles/feed.atom", "staff.read", "auditor"),
    ("GET", "/associations", "staff.read", "admin"),
    ("POST", "/associations", "liaison.write", "rights.head"),
    ("GET", "/persons", "liaison.read", "rights.clerk"),
    ("GET", f"/persons/{ID}", "liaison.read", "office.head"),
    ("GET", "/interactions", "liaison.read", "personnel.clerk"),
    ("POST", "/interactions", "liaison.write", "leader"),
    ("GET", "/appointments", "liaison.read", "discipline"),
    ("GET", "/delegation-visits", "liaison.read", "office.clerk"),
    ("POST", f"/delegation-visits/{ID}/approve", "liaison.approve", "liaison.clerk"),
    ("GET", "/programmes", "liaison.read", "rights.clerk"),
    ("POST", f"/programmes/{ID}/registrations/{ID}/approve", "liaison.write", "leader"),
    ("GET", "/exchange-bases", "liaison.read", "rights.clerk"),
    ("POST", f"/exchange-bases/{ID}/review", "liaison.approve", "liaison.clerk"),
    ("GET", "/media-outlets", "liaison.read", "office.clerk"),
    ("POST", "/media-outlets", "liaison.write", "leader"),
    ("GET", "/work-plans", "liaison.read", "personnel.head"),
    ("POST", f"/work-plans/{ID}/approve", "liaison.approve", "liaison.clerk"),
    ("GET", "/staff", "staff.read", "operator"),
]


@pytest.mark.parametrize(("method", "path", "permission", "role"), CASES)
def test_no_token_is_401_and_a_token_without_the_permission_403(
    app: FastAPI, method: str, path: str, permission: str, role: str
) -> None:
    client = TestClient(app)
    assert client.request(method, path).status_code == 401
    r = client.request(method, path, headers=bearer("liaison", {role}))
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert permission in r.json()["detail"]


def _who(*roles: str) -> Principal:
    return Principal(account_id="a", cadre_id=None, office=None, roles=frozenset(roles))


def test_contact_details_and_notes_are_left_out_for_everyone_but_liaison_and_leaders() -> None:
    now = datetime(2027, 1, 4, tzinfo=UTC)
    p = Person(id="p1", country="SG", field="business", phone="+65 1", email="a@b.sg", address="x", created_at=now)
    i = Interaction(
        id="i1", contact_kind="person", contact_id="p1", kind="call", occurred_on=now.date(),
        staff_cadre_id="c", notes="n", created_at=now,
    )  # fmt: skip
    for role in ("liaison.clerk", "liaison.head", "leader"):
        assert queries.sees_personal(_who(role))
    for role in ("rights.clerk", "office.head", "personnel.head", "discipline", "auditor", "admin"):
        who = _who(role)
        assert not queries.sees_personal(who)
        shaped = PersonOut.of(p, contacts=queries.sees_personal(who))
        assert (shaped.phone, shaped.email, shaped.address) == (None, None, None)
        assert InteractionOut.of(i, notes=queries.sees_personal(who)).notes is None
    assert PersonOut.of(p).phone == "+65 1" and InteractionOut.of(i).notes == "n"


def test_media_contacts_phone_and_email_are_left_out_for_everyone_but_liaison_and_leaders() -> None:
    from qiaolian_liaison.media.routes import OutletOut
    from qiaolian_liaison.media.tables import MediaOutlet

    o = MediaOutlet(
        id="m1", name="n", kind="newspaper", country="SG", contact_name="x", contact_phone="+65 1",
        contact_email="a@b.sg",
    )  # fmt: skip
    for role in ("rights.clerk", "office.clerk", "auditor", "admin"):
        shaped = OutletOut.of(o, contacts=queries.sees_personal(_who(role)))
        assert (shaped.contact_phone, shaped.contact_email) == (None, None)
    for role in ("liaison.clerk", "leader"):
        shaped = OutletOut.of(o, contacts=queries.sees_personal(_who(role)))
        assert (shaped.contact_phone, shaped.contact_email) == ("+65 1", "a@b.sg")
