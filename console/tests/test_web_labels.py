"""The English locale labels every field of the resources the generic screens describe
(console/web/src/resources.ts): their list items, records, filters and action forms, as the OpenAPI
documents give them. The list is generated here from those documents; the labels have one source,
the `field` block of console/web/src/i18n/en.ts. A field added to one of these schemas without an
English label fails here, naming it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

WEB = Path(__file__).resolve().parents[1] / "web"
PAGING = {"limit", "offset", "after", "count"}


def _resolve(doc: dict[str, Any], s: Any) -> dict[str, Any]:
    while isinstance(s, dict) and "$ref" in s:
        s = doc["components"]["schemas"][s["$ref"].rsplit("/", 1)[-1]]
    return s if isinstance(s, dict) else {}


def _props(doc: dict[str, Any], s: Any, out: set[str], depth: int = 0) -> None:
    s = _resolve(doc, s)
    for k in ("anyOf", "oneOf", "allOf"):
        for x in s.get(k, []):
            _props(doc, x, out, depth)
    if s.get("type") == "array":
        _props(doc, s.get("items"), out, depth)
    for name, p in (s.get("properties") or {}).items():
        if name != "allowed_commands":
            out.add(name)
            if depth < 1:  # a nested record's fields, one level down (as the screens show them)
                _props(doc, p, out, depth + 1)


def _json(op: dict[str, Any], key: str) -> Any:
    """The JSON schema of a response (`key` "content") or of a request body (`key` "requestBody")."""
    body = op if key == "content" else op.get(key, {})
    return body.get("content", {}).get("application/json", {}).get("schema")


def resource_fields() -> set[str]:
    """Every field name the generic screens show or ask for on the resources of resources.ts."""
    resources = re.findall(r"\{ service: '(\w+)', path: '([^']+)'", (WEB / "src" / "resources.ts").read_text())
    assert resources
    docs = {s: json.loads((WEB / "openapi" / f"{s}.json").read_text()) for s in {s for s, _ in resources}}
    fields: set[str] = set()
    for service, path in resources:
        doc = docs[service]
        for p, ops in doc["paths"].items():
            if not (p == path or p.startswith(path + "/")) or p.endswith("/export"):
                continue
            for method, op in ops.items():
                if method == "get" and p == path:
                    page = _resolve(doc, _json(op["responses"]["200"], "content"))
                    _props(doc, page.get("properties", {}).get("items"), fields)
                    fields |= {q["name"] for q in op.get("parameters", []) if q["in"] == "query"} - PAGING
                elif method == "get" and "{" in p and p.count("/") == path.count("/") + 1:
                    _props(doc, _json(op["responses"].get("200", {}), "content"), fields)
                elif method in ("post", "put", "patch"):
                    _props(doc, _json(op, "requestBody"), fields)
    return fields - {"items", "limit", "next", "offset", "total"}


def english_field_labels() -> dict[str, str]:
    text = (WEB / "src" / "i18n" / "en.ts").read_text()
    block = re.search(r"\n  field: \{\n(.*?)\n  \} as Record<string, string>,", text, re.S)
    assert block, "en.ts has no field block"
    return dict(re.findall(r"(\w+): '((?:[^'\\]|\\.)*)'", block.group(1)))


def test_every_field_of_the_described_resources_has_an_english_label() -> None:
    labels = english_field_labels()
    fields = resource_fields()
    assert len(fields) > 100  # the list is really generated from the documents
    missing = sorted(f for f in fields if f not in labels)
    assert not missing, f"add to the field block of console/web/src/i18n/en.ts: {missing}"
    assert not [v for v in labels.values() if re.search(r"[\u4e00-\u9fff]", v) or "_" in v]  # English, not codes
