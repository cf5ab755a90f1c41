"""Errors the application layer raises; the HTTP layer maps them to problem+json responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Unauthorized(DomainError):
    """No verified identity: no token, or one that does not verify (401)."""

    status = 401
    title = "Unauthorized"


class Forbidden(DomainError):
    """The caller's role may not give this command (403)."""

    status = 403
    title = "Forbidden"


class Conflict(DomainError):
    """A command the current state forbids (409)."""

    status = 409
    title = "Conflict"


class InvalidTransition(Conflict):
    def __init__(self, entity: str, current: str, command: str, allowed: list[str]) -> None:
        super().__init__(
            f"{command} is not allowed for a {entity} that is {current}",
            current_state=current,
            allowed_commands=allowed,
        )


class Invalid(DomainError):
    """Input that passes the schema but breaks a rule about one field (422)."""

    status = 422
    title = "Unprocessable entity"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}", errors=[{"field": field, "reason": reason}])


class Poison(Exception):
    """An event that can never be handled (invalid, or refers to an impossible state): dead-letter it."""
