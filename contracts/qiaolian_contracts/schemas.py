"""JSON Schema snapshots of every event (envelope with its payload), committed under contracts/schemas/.

A contract change shows up in review as a change of these files; a test fails when they drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .catalog import EVENTS
from .envelope import envelope_of

SNAPSHOT_DIR = Path(__file__).parent.parent / "schemas"


def schema_of(event_type: str) -> dict[str, Any]:
    spec = EVENTS[event_type]
    schema = envelope_of(spec.model).model_json_schema()
    schema["$id"] = f"urn:qiaolian:schema:{event_type}"
    schema["title"] = event_type
    schema["description"] = spec.description
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def snapshot_files() -> dict[Path, str]:
    return {SNAPSHOT_DIR / f"{t}.json": render(schema_of(t)) for t in sorted(EVENTS)}
