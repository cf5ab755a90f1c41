"""Identity on every request: the console's signed token, verified by each service itself.

The console signs a short-lived JWT (EdDSA, Ed25519) for the service it forwards to: `sub` (the
account id), `cadre_id`, `office`, `roles`, `clearance`, `aud` (the service), `exp`. A route
declares the one permission it needs with `permit("rights.read")` (contracts/access.py says which
roles hold it): no token or a bad one is 401, a valid one without the permission 403 naming it. The
verified person is kept for the request (`current_principal`) so the unit of work can audit the
command and stamp its events with `actorid`.
"""

from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Depends, Request

from qiaolian_contracts.access import PERMISSIONS, clearance_of, holds

from .errors import Forbidden, Unauthorized
from .keys import new_signing_key, public_key_of, read_key

ISSUER = "qiaolian-console"
TOKEN_TTL_S = 300  # five minutes at most (DESIGN.md)
LEEWAY_S = 5  # clocks of the console and the services may differ a little
REUSE_S = TOKEN_TTL_S // 2  # the console reuses a token while more than half its life is left
CACHE_ENTRIES = 4096  # tokens remembered by a signer or a verifier (oldest forgotten first)


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= CACHE_ENTRIES:
        cache.pop(next(iter(cache)))
    cache[key] = value


@dataclass(frozen=True)
class Principal:
    """The signed-in person a request acts for."""

    account_id: str
    cadre_id: str | None
    office: str | None
    roles: frozenset[str]
    clearance: str | None = None

    def holds(self, permission: str) -> bool:
        return holds(self.roles, permission)


def signer_of(who: Principal) -> str:
    """Who a decision is recorded as: the person's cadre id when the token has one, else the account."""
    return who.cadre_id or who.account_id


# the person of the request being handled, and the action (`METHOD /path/template`) they asked for
current_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("principal", default=None)
current_action: contextvars.ContextVar[str | None] = contextvars.ContextVar("action", default=None)


# ---- tokens -------------------------------------------------------------------------------------


@dataclass
class TokenSigner:
    """The console's side: one token per (person, service), for at most `ttl_s` seconds."""

    private_pem: bytes
    ttl_s: int = TOKEN_TTL_S
    _key: Any = field(init=False, repr=False)
    _issued: dict[tuple[Principal, str], tuple[str, float]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._key = serialization.load_pem_private_key(self.private_pem, password=None)

    def token_for(self, principal: Principal, audience: str) -> str:
        """The token the console forwards with: signed anew once the last one for the same person (every
        claim alike: a change of office or roles is another person) and service is past half its life,
        so a service always receives one with at least 2.5 minutes left and can keep what it verified."""
        now = time.time()
        hit = self._issued.get((principal, audience))
        if hit is not None and now < hit[1]:
            return hit[0]
        token = self.sign(principal, audience, now)
        _remember(self._issued, (principal, audience), (token, now + min(REUSE_S, self.ttl_s // 2)))
        return token

    def sign(self, principal: Principal, audience: str, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": ISSUER,
            "sub": principal.account_id,
            "aud": audience,
            "iat": issued,
            "exp": issued + self.ttl_s,
            "cadre_id": principal.cadre_id,
            "office": principal.office,
            "roles": sorted(principal.roles),
            "clearance": principal.clearance if principal.clearance else clearance_of(principal.roles),
        }
        return jwt.encode(claims, self._key, algorithm="EdDSA")


class TokenVerifier:
    """A service's side: the console's public key and this service's name as the audience."""

    def __init__(self, public_pem: bytes, audience: str) -> None:
        key = serialization.load_pem_public_key(public_pem)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the token key must be an Ed25519 public key")
        self._key = key
        self.audience = audience
        self._verified: dict[str, tuple[Principal, float]] = {}

    def verify(self, token: str) -> Principal:
        """The person a token names, or Unauthorized. A token verified before is taken from memory until
        it expires (the same moment the full check would refuse it): the console reuses its tokens."""
        hit = self._verified.get(token)
        if hit is not None and time.time() < hit[1]:
            return hit[0]
        principal, expires = self._check(token)
        _remember(self._verified, token, (principal, expires))
        return principal

    def _check(self, token: str) -> tuple[Principal, float]:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["EdDSA"],
                audience=self.audience,
                issuer=ISSUER,
                leeway=LEEWAY_S,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"the token is not valid: {type(exc).__name__}") from None
        if claims["exp"] - claims["iat"] > TOKEN_TTL_S + LEEWAY_S:
            raise Unauthorized("the token lives longer than five minutes")
        roles = claims.get("roles")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise Unauthorized("the token's roles are not a list of names")
        principal = Principal(
            account_id=str(claims["sub"]),
            cadre_id=claims.get("cadre_id"),
            office=claims.get("office"),
            roles=frozenset(roles),
            clearance=claims.get("clearance"),
        )
        return principal, float(claims["exp"] + LEEWAY_S)


# ---- the dependency each route declares ---------------------------------------------------------


class _Permit:
    """`Depends(_Permit(name))`: verify the bearer token, then check the permission."""

    def __init__(self, permission: str) -> None:
        if permission not in PERMISSIONS:
            raise KeyError(f"unknown permission {permission}")
        self.permission = permission

    async def __call__(self, request: Request) -> Principal:
        verifier: TokenVerifier | None = getattr(request.app.state, "verifier", None)
        if verifier is None:
            raise RuntimeError("the app has no token verifier")
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("sign in: this request carries no bearer token")
        principal = verifier.verify(token.strip())
        if not principal.holds(self.permission):
            raise Forbidden(f"the permission {self.permission} is needed", permission=self.permission)
        current_principal.set(principal)
        route = request.scope.get("route")
        current_action.set(f"{request.method} {getattr(route, 'path', request.url.path)}")
        return principal


def permit(permission: str) -> Any:
    """The dependency of a route that needs `permission`: `who: Principal = permit("rights.read")`,
    or `dependencies=[permit("rights.read")]`."""
    return Depends(_Permit(permission))


def permission_of(route: Any) -> str | None:
    """The permission a route declared, or None."""
    dependant = getattr(route, "dependant", None)
    found = []
    stack = list(dependant.dependencies) if dependant else []
    while stack:
        d = stack.pop()
        if isinstance(d.call, _Permit):
            found.append(d.call.permission)
        stack.extend(d.dependencies)
    if len(set(found)) > 1:
        raise ValueError(f"{getattr(route, 'path', route)} declares several permissions: {sorted(set(found))}")
    return found[0] if found else None


__all__ = [
    "Principal",
    "TokenSigner",
    "TokenVerifier",
    "current_action",
    "current_principal",
    "new_signing_key",
    "permission_of",
    "permit",
    "public_key_of",
    "read_key",
]
