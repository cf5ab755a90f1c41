"""Each service's AsyncAPI document: committed, in step with the code, and complete.

Integrators read services/<service>/asyncapi.json; it must say what the service really publishes
and which durable consumers it really runs (both come from the contracts catalog).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qiaolian_contracts import catalog
from qiaolian_contracts.catalog import SERVICES
from qiaolian_deploy.cli import asyncapi_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    """service -> the document the code generates now (FastStream builds all four in ~1 s)."""
    files = asyncapi_files()
    out = {p.parent.name: text for p, text in files.items()}
    assert set(out) == set(SERVICES)
    assert all(p == ROOT / "services" / p.parent.name / "asyncapi.json" for p in files)
    return out


def channels(text: str) -> dict[str, tuple[str, str, str]]:
    """channel name -> (address, action, description), joining channels to their operations."""
    doc = json.loads(text)
    actions = {op["channel"]["$ref"].split("/")[-1]: op["action"] for op in doc["operations"].values()}
    return {
        name: (ch["address"], actions.get(name, ""), ch.get("description", "")) for name, ch in doc["channels"].items()
    }


@pytest.mark.parametrize("service", SERVICES)
def test_committed_asyncapi_matches_the_code(service: str, generated: dict[str, str]) -> None:
    path = ROOT / "services" / service / "asyncapi.json"
    assert path.exists(), f"{path} is missing; run `make asyncapi` and commit it"
    committed = path.read_text(encoding="utf-8")
    if committed != generated[service]:
        old, new = channels(committed), channels(generated[service])
        pytest.fail(
            f"services/{service}/asyncapi.json is out of date with the code; run `make asyncapi` and commit it.\n"
            f"channels only in the committed file: {sorted(set(old) - set(new))}\n"
            f"channels only in the code: {sorted(set(new) - set(old))}"
        )


@pytest.mark.parametrize("service", SERVICES)
def test_document_lists_every_event_the_service_publishes(service: str, generated: dict[str, str]) -> None:
    doc = json.loads(generated[service])
    assert doc["asyncapi"].startswith("3.")
    sent = {address for address, action, _ in channels(generated[service]).values() if action == "send"}
    assert sent == {e.subject for e in catalog.produced_by(service)}


@pytest.mark.parametrize("service", SERVICES)
def test_document_lists_every_durable_consumer_the_service_runs(service: str, generated: dict[str, str]) -> None:
    received = [
        (address, f"{name} {description}")
        for name, (address, action, description) in channels(generated[service]).items()
        if action == "receive"
    ]
    expected = [(t, group.durable) for group in catalog.consumed_by(service) for t in group.events]
    for subject, durable in expected:
        assert any(address == subject and durable in text for address, text in received), (
            f"{service}'s AsyncAPI has no channel for {subject} on durable {durable}"
        )
    assert len(received) == len(expected), "channels received by no durable of the catalog"
    # and nothing it does not consume: a service never subscribes to its own stream
    assert not any(address.startswith(f"qiaolian.{service}.") for address, _ in received)
