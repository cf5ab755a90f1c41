"""What the proxy passes on, as pure rules.

Requests keep only the headers a service needs to read them (an allowlist): never the browser's
cookies, never an Authorization or X-Qiaolian-* header a client set; the console adds the bearer token
it signed. Responses keep everything but hop-by-hop headers and cookies.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote

FORWARDED_REQUEST_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "content-type",
        "if-match",
        "if-none-match",
        "if-modified-since",
        "if-unmodified-since",
        "range",
    }
)
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# set-cookie: a service never sets the console's cookies; x-request-id: the console sends its own
DROPPED_RESPONSE_HEADERS = HOP_BY_HOP | {"set-cookie", "x-request-id"}


def request_headers(incoming: Iterable[tuple[str, str]], token: str, request_id: str | None) -> list[tuple[str, str]]:
    out = [(k, v) for k, v in incoming if k.lower() in FORWARDED_REQUEST_HEADERS]
    out.append(("authorization", f"Bearer {token}"))
    if request_id:
        out.append(("x-request-id", request_id))
    return out


def response_headers(upstream: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in upstream if k.decode("latin-1").lower() not in DROPPED_RESPONSE_HEADERS]


def upstream_path(raw_rest: str) -> str | None:
    """The path to ask the service for, as the client encoded it; None when a segment is `.` or `..`
    (once decoded): a request names a resource of the service, it does not walk its paths."""
    segments = raw_rest.split("/")
    if any(unquote(s) in (".", "..") or "/" in unquote(s) for s in segments):
        return None
    return "/" + raw_rest
