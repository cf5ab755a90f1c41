"""What a supervisor (the launcher behind `make run`) tells the processes it runs: which of them fail
over and over. The launcher writes a small JSON file (`QIAOLIAN_SUPERVISOR_STATUS_FILE`) whenever that
changes; every service's `GET /health/ready` reports its content under `failing`, without being less
ready itself (the rest keep working). Under compose there is no such file and nothing is reported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def write_failing(path: Path, failing: dict[str, str]) -> None:
    """Replace the file atomically: `{"failing": {process: why}}`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"failing": failing}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read_failing(path: Path | None) -> dict[str, str]:
    """The processes the supervisor reports failing (none without a file, or with a torn one)."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    failing = data.get("failing") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in failing.items()} if isinstance(failing, dict) else {}
