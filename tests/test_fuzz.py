"""Schemathesis against the four running services, as an outsider would probe them: every operation of
each OpenAPI document, with generated input (a fixed seed, a number of examples bounded per operation by
what it takes: `examples`), signed in with a token that holds every role, so what it meets is the input
handling. No answer may be a 5xx and every answer must match the document's response schema; a failure
prints the request to reproduce."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import response_schema_conformance

from qiaolian_chassis.testing import bearer
from qiaolian_deploy.launcher import Launcher

from .conftest import start_system

pytestmark = pytest.mark.system

EXAMPLES = int(os.environ.get("QIAOLIAN_FUZZ_EXAMPLES", "25"))  # the most for one operation
EXPORT_EXAMPLES = 5


def examples(operation: APIOperation[Any, Any, Any, Any]) -> int:
    """How many inputs one operation gets, from what it takes: the most for a body (where the fields are);
    two a query or path parameter otherwise (two at least: one where there is none to vary, as every input
    is then the same); a list's export (chassis/exports.py) five at most, as its parameters are its
    list's, which has its own."""
    if list(operation.body):
        return EXAMPLES
    params = len(list(operation.query)) + len(list(operation.path_parameters))
    if not params:
        return 1
    n = min(EXAMPLES, 2 + 2 * params)
    return min(n, EXPORT_EXAMPLES) if operation.path.endswith("/export") else n


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Launcher]:
    """A system of its own: the generated commands change its state (an establishment set to 0, a
    calendar year replaced), which the other tests' shared system must not see."""
    launcher = start_system(tmp_path_factory.mktemp("fuzzed"))
    yield launcher
    launcher.stop()


@pytest.mark.parametrize("service", ["office", "liaison", "rights", "personnel"])
def test_no_input_makes_a_server_error(fuzzed: Launcher, service: str) -> None:
    base = fuzzed.url(service)
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20, "the document lists the service's operations"
    for operation in operations:

        @settings(
            max_examples=examples(operation),
            derandomize=True,  # the same inputs on every run: a red run is reproducible
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
        )
        @given(case=operation.as_strategy())
        def probe(case: schemathesis.Case) -> None:
            case.call_and_validate(
                base_url=base, headers=bearer(service), checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            probe()
        except Exception as exc:  # noqa: BLE001 - each operation's failure is collected, then all are reported
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, f"{len(failures)} operations of {service} failed:\n\n" + "\n\n".join(failures)


# the three inputs an earlier run of schemathesis found answering 500; now each is a 422 naming the field
KNOWN: list[tuple[str, str, Callable[[httpx.Client], httpx.Response], str]] = [
    (
        "rights",
        "counsel",
        lambda c: c.get("/counsel", params={"ending_within": "1234567890123456"}),
        "query.ending_within",
    ),
    (
        "rights",
        "assistance",
        lambda c: c.post(
            "/assistance/applications",
            json={
                "applicant_name": "陳某",
                "applicant_status": "returnee",
                "hardship": "因病致困",
                "requested_yuan": 3000,
                "applied_on": 0,
            },
        ),
        "applied_on",
    ),
    (
        "personnel",
        "training",
        lambda c: c.get("/training/hours", params={"year": "12345678901234567890"}),
        "query.year",
    ),
    (
        "rights",
        "old date",
        lambda c: c.post("/assistance/applications", json={"applied_on": "0236-07-18"}),
        "applied_on",
    ),
]


@pytest.mark.parametrize(("service", "what", "call", "field"), KNOWN, ids=[k[1] for k in KNOWN])
def test_the_inputs_that_once_answered_500_are_refused(
    http: Callable[[str], httpx.Client],
    service: str,
    what: str,
    call: Callable[[httpx.Client], httpx.Response],
    field: str,
) -> None:
    r = call(http(service))
    assert r.status_code == 422, r.text
    assert field in {e["field"] for e in r.json()["errors"]}, r.text


def test_a_body_over_one_mebibyte_is_413_and_nothing_is_filed(http: Callable[[str], httpx.Client]) -> None:
    rights = http("rights")
    before = rights.get("/petitions", params={"limit": 1}).json()["total"]
    body = {
        "channel": "letter",
        "petitioner": {"name": "陳某", "status": "returnee"},
        "petition_class": "claim",
        "category": "property",
        "summary": "祖屋" * 300_000,  # 1.8 MB of UTF-8
        "received_on": "2026-11-20",
    }
    r = rights.post("/petitions", json=body)
    assert r.status_code == 413, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert rights.get("/petitions", params={"limit": 1}).json()["total"] == before
