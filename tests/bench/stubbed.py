"""A service process for `make bench` only, with token verification stubbed out: the baseline the
signed-token figures are compared with (issue 12: within 10 %).

`python -m tests.bench.stubbed <service>` builds the same app as `python -m qiaolian_<service>` and
replaces only its `TokenVerifier` with one that checks nothing and returns the person the benchmark's
tokens name. Everything else of a request stays: the bearer header is still required and parsed, the
permission is still checked, the command is still audited. This lives in the benchmark harness, not in
a service or the chassis, so no setting of a deployed service can turn verification off; it also
refuses to run outside QIAOLIAN_ENV=dev or bench.
"""

from __future__ import annotations

import importlib
import os
import sys

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.testing import EVERY_ROLE

ALLOWED_ENVIRONMENTS = ("dev", "bench")


class StubVerifier:
    """Accepts any token: the principal of `TokenAuth(service)` (every role, `test-account`)."""

    def __init__(self, audience: str) -> None:
        self.audience = audience
        self.principal = Principal(account_id="test-account", cadre_id=None, office=None, roles=EVERY_ROLE)

    def verify(self, token: str) -> Principal:
        return self.principal


def main(service: str) -> None:
    environment = os.environ.get("QIAOLIAN_ENV", "dev")
    if environment not in ALLOWED_ENVIRONMENTS:
        raise SystemExit(f"token verification is stubbed for the benchmark only, not in QIAOLIAN_ENV={environment}")
    import uvicorn

    from qiaolian_chassis.logging import configure_logging
    from qiaolian_chassis.service import build_app
    from qiaolian_chassis.settings import ServiceSettings

    definition = importlib.import_module(f"qiaolian_{service}.app").definition()
    settings = ServiceSettings.for_service(definition.name)
    configure_logging(definition.name, settings.log_level)
    app = build_app(definition, settings)
    app.state.verifier = StubVerifier(definition.name)
    uvicorn.run(
        app, host=settings.host, port=settings.port, log_config=None, access_log=False, timeout_graceful_shutdown=5
    )


if __name__ == "__main__":
    main(sys.argv[1])
