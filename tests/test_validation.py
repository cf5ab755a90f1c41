"""Invalid input through the running system: 422 problem+json that names the field and gives a reason,
never the submitted value (it may be personal data), and nothing recorded.

Two layers: a sweep over every POST operation each service's OpenAPI document declares (so an
endpoint added later is checked too), then the rules of the main commands one by one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.system

SERVICES = ("office", "liaison", "rights", "personnel")
PROBLEM = "application/problem+json"
UNKNOWN_ID = "0190aaaa-0000-7000-8000-000000000000"
NAME = "張三豐"  # a petitioner's name: personal data that must never come back in an error
PHONE = "13800138000"
ID_NUMBER = "110105194912310021"  # 18 digits, wrong check digit
# the sweeps act as a staff member holding every role (the clients' tokens), so that what they meet is
# input validation; who may call what is tested in tests/test_access.py and each service's tests

Http = Callable[[str], httpx.Client]


def days(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


def problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, f"{r.request.method} {r.request.url.path}: {r.status_code} {r.text[:500]}"
    assert r.headers["content-type"].startswith(PROBLEM), r.headers["content-type"]
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"], body
    return body


def invalid(r: httpx.Response, *fields: str) -> dict[str, str]:
    """Assert a 422 whose `errors` name each of `fields`; return field -> reason."""
    body = problem(r, 422)
    errors = body["errors"]
    assert isinstance(errors, list) and errors, body
    for e in errors:
        assert isinstance(e["field"], str) and e["field"], e
        assert isinstance(e["reason"], str) and e["reason"], e
    named = {e["field"]: e["reason"] for e in errors}
    for f in fields:
        assert f in named, f"{r.request.method} {r.request.url.path}: no error on {f!r} in {errors}"
    return named


def post_json(client: httpx.Client, path: str, body: Any) -> httpx.Response:
    return client.post(path, json=body)


def post_raw(client: httpx.Client, path: str, text: str) -> httpx.Response:
    return client.post(path, content=text.encode(), headers={"content-type": "application/json"})


def petition(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "letter",
        "petitioner": {"name": NAME, "status": "returnee"},
        "petition_class": "claim",
        "category": "property",
        "summary": "祖屋產權糾紛，請求協調。",
        "received_on": days(-3),
    }
    body.update(over)
    return body


def visit(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "association_name": "馬來西亞湖南會館",
        "country": "MY",
        "size": 12,
        "arrival_on": days(40),
        "departure_on": days(44),
        "needs_reception": False,
        "vehicles_needed": 0,
    }
    body.update(over)
    return body


def total(client: httpx.Client, path: str) -> int:
    r = client.get(path, params={"limit": 1})
    assert r.status_code == 200, r.text
    return r.json()["total"]


# ---- every POST operation, from each service's OpenAPI document ----------------------------------


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].split("/")[-1]]
    if "anyOf" in schema:  # an optional body: `Model | None`
        schema = _resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"), components)
    return schema


def post_operations(client: httpx.Client) -> list[tuple[str, dict[str, Any] | None, bool]]:
    """(path with unknown ids filled in, the JSON body's object schema or None, body required)."""
    doc = client.get("/openapi.json").json()
    components = doc.get("components", {}).get("schemas", {})
    ops = []
    for path, item in sorted(doc["paths"].items()):
        op = item.get("post")
        if op is None:
            continue
        params = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "path"}

        def fill(m: re.Match[str], params: dict[str, Any] = params) -> str:
            kind = params.get(m[1], {}).get("schema", {}).get("type")
            return "999999999" if kind == "integer" else UNKNOWN_ID

        concrete = re.sub(r"\{([^}]+)\}", fill, path)
        rb = op.get("requestBody")
        schema = _resolve(rb["content"]["application/json"]["schema"], components) if rb else None
        ops.append((concrete, schema, bool(rb and rb.get("required"))))
    return ops


@pytest.mark.parametrize("service", SERVICES)
def test_every_post_operation_refuses_bad_bodies_with_a_problem_naming_the_field(http: Http, service: str) -> None:
    client = http(service)
    ops = post_operations(client)
    assert ops, f"{service} declares no POST operation"
    failures: list[str] = []
    for path, schema, required in ops:
        if schema is None:
            continue
        checks: list[tuple[str, httpx.Response, tuple[str, ...]]] = []
        checks.append(("malformed JSON", post_raw(client, path, '{"name": "' + NAME + '",'), ()))
        checks.append(("a JSON array for an object", post_json(client, path, [PHONE]), ()))
        if schema.get("additionalProperties") is False:
            checks.append(("an unknown field", post_json(client, path, {"mobile_phone": PHONE}), ("mobile_phone",)))
        if required and schema.get("required"):
            checks.append(("an empty object", post_json(client, path, {}), tuple(schema["required"])))
        else:
            assert schema.get("additionalProperties") is False, f"{service} POST {path}: body accepts anything"
        for what, r, fields in checks:
            try:
                invalid(r, *fields)
                assert PHONE not in r.text and NAME not in r.text, "the submitted value came back"
            except AssertionError as exc:
                failures.append(f"POST {path} with {what}: {exc}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("service", SERVICES)
def test_every_post_operation_on_an_unknown_resource_is_a_404_problem(http: Http, service: str) -> None:
    client = http(service)
    failures = []
    for path, schema, required in post_operations(client):
        if UNKNOWN_ID not in path and "999999999" not in path:
            continue
        r = client.post(path) if schema is None or not required else None
        if r is None:
            continue  # needs a valid body first; the specific tests below cover these
        if r.status_code != 404 or not r.headers["content-type"].startswith(PROBLEM):
            failures.append(f"POST {path}: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures)


# ---- rights: POST /petitions ------------------------------------------------------------------


def test_petition_with_a_wrong_petitioner_status_is_refused_without_echoing_the_name(http: Http) -> None:
    rights = http("rights")
    before = total(rights, "/petitions")
    r = post_json(rights, "/petitions", petition(petitioner={"name": NAME, "status": "compatriot"}))
    errors = invalid(r, "petitioner.status")
    assert "returnee" in errors["petitioner.status"]  # the reason lists what is allowed
    assert NAME not in r.text and "compatriot" not in r.text
    assert total(rights, "/petitions") == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"petition_class": "complaint"}, "petition_class"),
        ({"category": "Property Law"}, "category"),  # a code: lower case, digits, underscore
        ({"received_on": "2026-02-30"}, "received_on"),
        ({"received_on": "yesterday"}, "received_on"),
        ({"received_on": 20260301}, "received_on"),
        ({"summary": "   "}, "summary"),
        ({"summary": ["a", "list"]}, "summary"),
        ({"petitioner": "張三豐"}, "petitioner"),
        ({"petitioner": {"name": NAME}}, "petitioner.status"),
        ({"petitioner": {"status": "returnee"}}, "petitioner.name"),
        ({"petitioner": {"name": NAME, "status": "returnee", "phone": "call me"}}, "petitioner.phone"),
        ({"petitioner": {"name": NAME, "status": "returnee", "religion": "none"}}, "petitioner.religion"),
        ({"urgent": True}, "urgent"),
    ],
)
def test_petition_field_errors_are_named(http: Http, change: dict[str, Any], field: str) -> None:
    rights = http("rights")
    before = total(rights, "/petitions")
    r = post_json(rights, "/petitions", petition(**change))
    invalid(r, field)
    assert NAME not in r.text and "call me" not in r.text
    assert total(rights, "/petitions") == before


@pytest.mark.parametrize("missing", ["channel", "petitioner", "petition_class", "category", "summary", "received_on"])
def test_petition_missing_a_required_field(http: Http, missing: str) -> None:
    body = petition()
    del body[missing]
    errors = invalid(post_json(http("rights"), "/petitions", body), missing)
    assert errors[missing] == "Field required"


def test_petition_received_in_the_future_is_refused_and_nothing_is_recorded(http: Http) -> None:
    rights = http("rights")
    before = total(rights, "/petitions")
    r = post_json(rights, "/petitions", petition(received_on=days(10)))
    assert invalid(r, "received_on")["received_on"] == "cannot be in the future"
    assert NAME not in r.text
    assert total(rights, "/petitions") == before


def test_petition_with_an_invalid_id_number_is_refused_without_echoing_it(http: Http) -> None:
    rights = http("rights")
    before = total(rights, "/petitions")
    r = post_json(
        rights, "/petitions", petition(petitioner={"name": NAME, "status": "relative", "id_number": ID_NUMBER})
    )
    assert invalid(r, "petitioner.id_number")["petitioner.id_number"] == "the check digit does not match"
    assert ID_NUMBER not in r.text and ID_NUMBER[:6] not in r.text and NAME not in r.text
    assert total(rights, "/petitions") == before


def test_a_group_visit_sends_at_most_five_representatives(http: Http) -> None:
    rights = http("rights")
    before = total(rights, "/petitions")
    six = ["代表一", "代表二", "代表三", "代表四", "代表五", "代表六"]
    r = post_json(rights, "/petitions", petition(channel="visit", representatives=six))
    assert "at most 5" in invalid(r, "representatives")["representatives"]
    assert not any(n in r.text for n in six)
    assert total(rights, "/petitions") == before


def test_malformed_json_is_a_422_problem_not_a_500(http: Http) -> None:
    rights = http("rights")
    before = total(rights, "/petitions")
    text = json.dumps(petition())[:-5]  # cut off mid-document
    r = post_raw(rights, "/petitions", text)
    errors = invalid(r)
    assert any("JSON" in reason for reason in errors.values()), errors
    assert NAME not in r.text
    assert total(rights, "/petitions") == before


def test_malformed_json_names_the_body_as_the_field(http: Http) -> None:
    r = post_raw(http("rights"), "/petitions", '{"channel": ')
    assert invalid(r) == {"body": "JSON decode error"}


# ---- rights: commands on a petition -----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("accept", {"accepted_on": "soon"}, "accepted_on"),
        ("accept", {"accepted_on": "2026-13-01"}, "accepted_on"),
        ("accept", {"accepted_by": "王處長"}, "accepted_by"),
        ("assign-handler", {}, "cadre_id"),
        ("assign-handler", {"cadre_id": 42}, "cadre_id"),
        ("assign-handler", {"cadre_id": ""}, "cadre_id"),
        ("assign-handler", {"cadre_id": "c1", "note": "urgent"}, "note"),
    ],
)
def test_petition_command_bodies_are_validated_before_the_petition_is_looked_up(
    http: Http, path: str, body: dict[str, Any], field: str
) -> None:
    r = post_json(http("rights"), f"/petitions/{UNKNOWN_ID}/{path}", body)
    invalid(r, field)
    assert "王處長" not in r.text


def test_accepting_before_receipt_or_in_the_future_is_refused(http: Http) -> None:
    rights = http("rights")
    created = post_json(rights, "/petitions", petition(received_on=days(-3)))
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    r = post_json(rights, f"/petitions/{pid}/accept", {"accepted_on": days(-5)})
    assert invalid(r, "accepted_on")["accepted_on"].startswith("cannot be before")
    r = post_json(rights, f"/petitions/{pid}/accept", {"accepted_on": days(5)})
    assert invalid(r, "accepted_on")["accepted_on"] == "cannot be in the future"
    after = rights.get(f"/petitions/{pid}").json()
    assert after["state"] == "filed" and after["accepted_on"] is None  # the refused commands changed nothing


def test_an_unknown_petition_is_a_404_problem(http: Http) -> None:
    rights = http("rights")
    body = problem(rights.get(f"/petitions/{UNKNOWN_ID}"), 404)
    assert UNKNOWN_ID in body["detail"]
    problem(rights.post(f"/petitions/{UNKNOWN_ID}/accept"), 404)
    problem(post_json(rights, f"/petitions/{UNKNOWN_ID}/assign-handler", {"cadre_id": "c1"}), 404)


# ---- list endpoints: paging ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("rights", "/petitions"),
        ("liaison", "/delegation-visits"),
        ("office", "/vehicles"),
        ("office", "/supervision/items"),
        ("personnel", "/cadres"),
    ],
)
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 501}, "query.limit"),
        ({"limit": "ten"}, "query.limit"),
        ({"offset": -1}, "query.offset"),
    ],
)
def test_page_bounds_are_enforced(http: Http, service: str, path: str, params: dict[str, Any], field: str) -> None:
    invalid(http(service).get(path, params=params), field)


def test_list_filters_are_validated(http: Http) -> None:
    invalid(http("rights").get("/petitions", params={"state": "lost"}), "query.state")
    invalid(http("rights").get("/petitions", params={"received_from": "last week"}), "query.received_from")
    invalid(http("liaison").get("/delegation-visits", params={"country": "Malaysia"}), "query.country")
    invalid(http("personnel").get("/cadres", params={"office": "finance"}), "query.office")


# ---- liaison: delegation visits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "Malaysia"}, "country"),
        ({"country": "my"}, "country"),
        ({"size": 0}, "size"),
        ({"size": 501}, "size"),
        ({"size": "twelve"}, "size"),
        ({"vehicles_needed": -1}, "vehicles_needed"),
        ({"needs_reception": "perhaps"}, "needs_reception"),
        ({"arrival_on": "next month"}, "arrival_on"),
        ({"association_name": ""}, "association_name"),
        ({"leader_phone": PHONE}, "leader_phone"),
    ],
)
def test_visit_field_errors_are_named(http: Http, change: dict[str, Any], field: str) -> None:
    liaison = http("liaison")
    before = total(liaison, "/delegation-visits")
    r = post_json(liaison, "/delegation-visits", visit(**change))
    invalid(r, field)
    assert PHONE not in r.text
    assert total(liaison, "/delegation-visits") == before


@pytest.mark.parametrize("missing", ["association_name", "country", "size", "arrival_on", "departure_on"])
def test_visit_missing_a_required_field(http: Http, missing: str) -> None:
    body = visit()
    del body[missing]
    assert invalid(post_json(http("liaison"), "/delegation-visits", body), missing)[missing] == "Field required"


def test_departure_before_arrival_is_refused(http: Http) -> None:
    liaison = http("liaison")
    before = total(liaison, "/delegation-visits")
    r = post_json(liaison, "/delegation-visits", visit(arrival_on=days(40), departure_on=days(38)))
    assert invalid(r, "departure_on")["departure_on"] == "must be on or after arrival_on"
    assert total(liaison, "/delegation-visits") == before


def test_a_visit_arriving_in_the_past_is_refused(http: Http) -> None:
    r = post_json(http("liaison"), "/delegation-visits", visit(arrival_on=days(-2), departure_on=days(3)))
    assert invalid(r, "arrival_on")["arrival_on"] == "cannot be in the past"


def test_cancelling_an_unknown_visit_is_404_and_cancelling_twice_is_409(http: Http) -> None:
    liaison = http("liaison")
    problem(liaison.post(f"/delegation-visits/{UNKNOWN_ID}/cancel"), 404)
    created = post_json(liaison, "/delegation-visits", visit())
    assert created.status_code == 201, created.text
    vid = created.json()["id"]
    assert liaison.post(f"/delegation-visits/{vid}/cancel").status_code == 200
    body = problem(liaison.post(f"/delegation-visits/{vid}/cancel"), 409)
    assert body["current_state"] == "cancelled" and body["allowed_commands"] == []


# ---- office: vehicles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"plate": "湘A12345", "seats": 0}, "seats"),
        ({"plate": "湘A12345", "seats": 81}, "seats"),
        ({"plate": "湘A12345", "seats": "many"}, "seats"),
        ({"plate": "湘A12345", "seats": 7, "status": "broken"}, "status"),
        ({"plate": "A", "seats": 7}, "plate"),
        ({"seats": 7}, "plate"),
        ({"plate": "湘A12345"}, "seats"),
        ({"plate": "湘A12345", "seats": 7, "driver_phone": PHONE}, "driver_phone"),
    ],
)
def test_vehicle_field_errors_are_named(http: Http, body: dict[str, Any], field: str) -> None:
    office = http("office")
    before = total(office, "/vehicles")
    r = post_json(office, "/vehicles", body)
    invalid(r, field)
    assert PHONE not in r.text
    assert total(office, "/vehicles") == before


# ---- personnel: cadres and appointments ---------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({}, "name"),
        ({"name": "李四", "gender": "x"}, "gender"),
        ({"name": "李四", "birth_date": "1970-02-31"}, "birth_date"),
        ({"name": "李四", "id_number": ID_NUMBER}, "id_number"),
    ],
)
def test_cadre_field_errors_are_named(http: Http, body: dict[str, Any], field: str) -> None:
    personnel = http("personnel")
    before = total(personnel, "/cadres")
    r = post_json(personnel, "/cadres", body)
    invalid(r, field)
    assert ID_NUMBER not in r.text and "李四" not in r.text
    assert total(personnel, "/cadres") == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"office": "finance", "post": "科員", "effective_on": days(0)}, "office"),
        ({"post": "科員", "effective_on": days(0)}, "office"),
        ({"office": "rights", "post": "", "effective_on": days(0)}, "post"),
        ({"office": "rights", "post": "科員"}, "effective_on"),
        ({"office": "rights", "post": "科員", "effective_on": "Monday"}, "effective_on"),
        ({"office": "rights", "post": "科員", "effective_on": days(0), "salary": 9000}, "salary"),
    ],
)
def test_appointment_field_errors_are_named(http: Http, body: dict[str, Any], field: str) -> None:
    r = post_json(http("personnel"), f"/cadres/{UNKNOWN_ID}/appointments", body)
    invalid(r, field)
    assert "9000" not in r.text
