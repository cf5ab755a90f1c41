"""The event contract: names, streams, consumers, payload rules, JSON Schema snapshots, envelope, ids.

Every test walks the whole catalog, so an event type or consumer added later is checked too.
"""

from __future__ import annotations

import json
import re
import typing
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from qiaolian_contracts import catalog
from qiaolian_contracts.catalog import CONSUMERS, EVENTS, SERVICES
from qiaolian_contracts.envelope import CONTENT_TYPE, Envelope, RawEnvelope, make_envelope
from qiaolian_contracts.events import liaison, office, personnel, rights
from qiaolian_contracts.ids import new_id, uuid7
from qiaolian_contracts.schemas import SNAPSHOT_DIR, snapshot_files
from qiaolian_contracts.spec import stream_name

TYPE_RE = re.compile(
    r"^qiaolian\.(?P<service>office|liaison|rights|personnel)\.(?P<aggregate>[a-z][a-z_]*)"
    r"\.(?P<fact>[a-z][a-z_]*)\.v(?P<major>[1-9][0-9]*)$"
)
DURABLE_RE = re.compile(r"^(?P<service>office|liaison|rights|personnel)--(?P<purpose>[a-z][a-z0-9-]*)$")
# names that suggest personal data the bus must never carry (DESIGN.md "Personal data")
PERSONAL = (
    "id_number",
    "id_card",
    "passport_n",
    "phone",
    "mobile",
    "address",
    "summary",
    "text",
    "content",
    "birth",
    "email",
)
MODULES = {"office": office, "liaison": liaison, "rights": rights, "personnel": personnel}


# ---- a valid example of any payload, built from its JSON Schema ---------------------------------


def example(model: type[BaseModel]) -> dict[str, Any]:
    """A payload that validates, with every optional field filled: built from the schema, so new
    event types need no hand-written sample. Dates rise field by field (from <= to)."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    day = iter(date(2026, 3, 2) + timedelta(days=i) for i in range(10_000))

    def build(s: dict[str, Any]) -> Any:
        if "$ref" in s:
            return build(defs[s["$ref"].split("/")[-1]])
        if "anyOf" in s:
            return build(next(o for o in s["anyOf"] if o.get("type") != "null"))
        if "enum" in s:
            return s["enum"][0]
        if "const" in s:
            return s["const"]
        kind = s.get("type")
        if kind == "object":
            return {k: build(v) for k, v in s.get("properties", {}).items()}
        if kind == "array":
            return [build(s["items"]) for _ in range(max(1, s.get("minItems", 1)))]
        if kind == "boolean":
            return True
        if kind == "integer":
            return max(1, s.get("minimum", 1))
        if kind == "number":
            return float(max(1, s.get("minimum", 1)))
        if kind == "string":
            if s.get("format") == "date":
                return next(day).isoformat()
            if s.get("format") == "date-time":
                return datetime(2026, 3, 2, tzinfo=UTC).isoformat()
            pattern = s.get("pattern")
            for candidate in ("x1", "MY", "abc", "A1"):
                if pattern is None or re.search(pattern, candidate):
                    return candidate
        raise AssertionError(f"{model.__name__}: no example for schema {s}; extend example() in this test")

    return build(schema)


def payload_models() -> dict[str, type[BaseModel]]:
    """Every payload model reachable from the catalog, nested models included."""
    found: dict[str, type[BaseModel]] = {}

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp.__qualname__ in found:
                return
            found[tp.__qualname__] = tp
            for f in tp.model_fields.values():
                walk(f.annotation)
        for arg in typing.get_args(tp):
            walk(arg)

    for e in EVENTS.values():
        walk(e.model)
    return found


EVENT_IDS = sorted(EVENTS)


# ---- the catalog ------------------------------------------------------------------------------


def test_catalog_invariants_hold() -> None:
    catalog.check()


def test_the_catalog_is_not_empty_and_every_service_publishes() -> None:
    assert {e.producer for e in EVENTS.values()} == set(SERVICES)


@pytest.mark.parametrize("event_type", EVENT_IDS)
def test_event_type_is_its_subject_and_follows_the_naming_rule(event_type: str) -> None:
    e = EVENTS[event_type]
    m = TYPE_RE.match(e.type)
    assert m, f"{e.type} is not qiaolian.<service>.<aggregate>.<fact>.v<major>"
    assert e.subject == e.type
    assert e.producer == m["service"]
    assert e.stream == stream_name(m["service"]) == m["service"].upper()
    # captured by its producer's stream (`qiaolian.<service>.>`)
    assert e.subject.startswith(catalog.stream_subjects(e.producer)[0].removesuffix(">"))
    assert e in MODULES[m["service"]].PRODUCES, f"{e.type} is declared outside the {m['service']} module"
    assert e.description.strip(), f"{e.type} has no description"


@pytest.mark.parametrize("group", CONSUMERS, ids=lambda c: c.durable)
def test_consumer_durable_names_one_service_and_purpose_on_one_foreign_stream(group: Any) -> None:
    m = DURABLE_RE.match(group.durable)
    assert m, f"durable {group.durable} is not <service>--<purpose>"
    assert m["service"] == group.service and m["purpose"] == group.purpose
    assert group.events, f"{group.durable} consumes nothing"
    producers = {EVENTS[t].producer for t in group.events}
    assert len(producers) == 1, f"{group.durable} spans streams of {sorted(producers)}"
    assert group.stream == stream_name(producers.pop())
    assert group.stream != stream_name(group.service), f"{group.durable} consumes its own service's stream"
    assert group.filter_subjects == sorted(group.events)
    assert group in MODULES[group.service].CONSUMES


def test_every_service_can_reach_its_consumers_and_every_consumed_event_has_a_consumer_entry() -> None:
    for service in SERVICES:
        for group in catalog.consumed_by(service):
            for t in group.events:
                assert group.durable in catalog.consumers_of(t)
    assert sum(len(catalog.produced_by(s)) for s in SERVICES) == len(EVENTS)


# ---- JSON Schema snapshots --------------------------------------------------------------------


def test_committed_json_schemas_match_the_contracts() -> None:
    expected = snapshot_files()
    committed = {p: p.read_text(encoding="utf-8") for p in SNAPSHOT_DIR.glob("*.json")}
    missing = sorted(p.name for p in expected if p not in committed)
    stale = sorted(p.name for p in committed if p not in expected)
    changed = sorted(p.name for p in expected if p in committed and committed[p] != expected[p])
    assert not (missing or stale or changed), (
        "contracts/schemas/ is out of date with the payload models; run `make schemas` and commit the result.\n"
        f"missing: {missing}\nnot in the catalog any more: {stale}\nchanged: {changed}"
    )


# ---- payload rules ----------------------------------------------------------------------------


def test_no_payload_field_is_named_like_personal_data() -> None:
    offenders = [
        f"{name}.{field}"
        for name, model in payload_models().items()
        for field in model.model_fields
        if any(p in field.lower() for p in PERSONAL)
    ]
    assert not offenders, f"fields that look like personal data on the bus: {offenders}"


@pytest.mark.parametrize("event_type", EVENT_IDS)
def test_payload_rejects_unknown_fields(event_type: str) -> None:
    model = EVENTS[event_type].model
    assert model.model_config.get("extra") == "forbid"
    data = example(model)
    model.model_validate(data)  # the example itself is valid
    with pytest.raises(ValidationError) as info:
        model.model_validate({**data, "phone_number": "13800000000"})
    assert any(e["type"] == "extra_forbidden" and e["loc"] == ("phone_number",) for e in info.value.errors())


def test_every_nested_payload_model_forbids_extra_fields() -> None:
    lax = [name for name, m in payload_models().items() if m.model_config.get("extra") != "forbid"]
    assert not lax, f"payload models accepting unknown fields: {lax}"


# ---- the envelope -----------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", EVENT_IDS)
def test_envelope_round_trips_through_json_as_cloudevents(event_type: str) -> None:
    spec = EVENTS[event_type]
    data = spec.model.model_validate(example(spec.model))
    env = make_envelope(event_type=spec.type, producer=spec.producer, subject="agg-1", data=data)
    text = env.model_dump_json()

    back = Envelope[spec.model].model_validate_json(text)  # type: ignore[name-defined]
    assert back == env
    assert back.data == data
    raw = json.loads(text)
    assert RawEnvelope.model_validate(raw).data == json.loads(data.model_dump_json())

    assert raw["specversion"] == "1.0"
    assert uuid.UUID(raw["id"]).version == 7
    assert raw["source"] == f"urn:qiaolian:{spec.producer}"
    assert raw["type"] == spec.type
    assert raw["dataschema"].endswith(spec.type)
    assert raw["subject"] == "agg-1"
    assert raw["datacontenttype"] == "application/json"
    assert raw["correlationid"] == raw["id"]  # a new chain starts with the event itself
    assert datetime.fromisoformat(raw["time"]).tzinfo is not None
    assert CONTENT_TYPE == "application/cloudevents+json"


def test_envelope_keeps_the_chain_of_cause() -> None:
    spec = EVENTS["qiaolian.rights.petition.filed.v1"]
    data = spec.model.model_validate(example(spec.model))
    cause = new_id()
    env = make_envelope(
        event_type=spec.type, producer="rights", subject="p1", data=data, correlationid="corr-1", causationid=cause
    )
    raw = json.loads(env.model_dump_json())
    assert (raw["correlationid"], raw["causationid"]) == ("corr-1", cause)
    assert raw["id"] != cause


def test_envelope_refuses_a_malformed_header() -> None:
    spec = EVENTS["qiaolian.rights.petition.filed.v1"]
    good = json.loads(
        make_envelope(
            event_type=spec.type, producer="rights", subject="p1", data=spec.model.model_validate(example(spec.model))
        ).model_dump_json()
    )
    for bad in (
        {"specversion": "0.3"},
        {"source": "rights"},
        {"type": "petition.filed"},
        {"time": "2026-03-02T10:00:00"},
        {"unknown": 1},
    ):
        with pytest.raises(ValidationError):
            RawEnvelope.model_validate({**good, **bad})


# ---- ids --------------------------------------------------------------------------------------


def test_uuid7_ids_made_in_a_tight_loop_strictly_increase_as_strings() -> None:
    ids = [new_id() for _ in range(10_000)]
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))
    assert len(set(ids)) == len(ids)


def test_uuid7_has_version_7_the_rfc_variant_and_the_current_time() -> None:
    before = datetime.now(UTC)
    u = uuid7()
    assert u.version == 7 and u.variant == uuid.RFC_4122
    assert str(u)[14] == "7"
    ms = u.int >> 80
    at = datetime.fromtimestamp(ms / 1000, UTC)
    assert before - timedelta(seconds=1) <= at <= datetime.now(UTC) + timedelta(seconds=1)
