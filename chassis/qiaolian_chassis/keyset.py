"""Keyset pagination (`after=` cursor) for any ordered SELECT: the order, the cursor, the predicate.

A cursor is the last row's values of the ORDER BY expressions, as URL-safe base64 of tagged JSON (a
date or a timestamp keeps its type). It holds what the list showed (ids, dates, codes, names the
list returned): nothing a reader did not already see. "After" follows each backend's NULL order:
SQLite sorts NULL first ascending, PostgreSQL last.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from fastapi.exceptions import RequestValidationError
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression


@dataclass(frozen=True)
class Key:
    expr: Any  # the expression ordered by
    descending: bool
    index: int

    @property
    def clause(self) -> Any:
        return self.expr.desc() if self.descending else self.expr.asc()

    @property
    def column(self) -> Any:
        return self.expr.label(f"_keyset_{self.index}")


def order_of(stmt: sa.Select[Any]) -> list[Key]:
    """The statement's ORDER BY as keys, the first entity's primary key added when it is missing."""
    keys: list[Key] = []
    for clause in stmt._order_by_clauses:
        expr, desc = clause, False
        if isinstance(clause, UnaryExpression) and clause.modifier in (operators.desc_op, operators.asc_op):
            expr, desc = clause.element, clause.modifier is operators.desc_op
        keys.append(Key(expr, desc, len(keys)))
    entity = stmt.column_descriptions[0].get("entity") if stmt.column_descriptions else None
    mapper = sa.inspect(entity, raiseerr=False) if entity is not None else None
    if mapper is not None and hasattr(mapper, "primary_key"):
        have = {id(getattr(k.expr, "element", k.expr)) for k in keys} | {id(k.expr) for k in keys}
        named = {str(k.expr) for k in keys}
        desc = keys[-1].descending if keys else False
        for pk in mapper.primary_key:
            attr = getattr(entity, pk.key)
            if id(pk) not in have and str(attr.expression) not in named:
                keys.append(Key(attr, desc, len(keys)))
    return keys


def _tag(v: Any) -> Any:
    if isinstance(v, datetime):
        return {"t": v.isoformat()}
    if isinstance(v, date):
        return {"d": v.isoformat()}
    if isinstance(v, Decimal):
        return {"n": str(v)}
    if hasattr(v, "value") and not isinstance(v, int | float | str):  # an enum
        return v.value
    return v


def _untag(v: Any) -> Any:
    if isinstance(v, dict):
        if "t" in v:
            return datetime.fromisoformat(v["t"])
        if "d" in v:
            return date.fromisoformat(v["d"])
        if "n" in v:
            return Decimal(v["n"])
        raise ValueError("unknown tag")
    return v


def encode(values: Any) -> str:
    raw = json.dumps([_tag(v) for v in values], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _invalid() -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", "after"), "msg": "not a cursor of this list: pass a page's `next`"}]
    )


def decode(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("wrong width")
        return [_untag(v) for v in values]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise _invalid() from exc


def check(keys: list[Key], values: list[Any]) -> None:
    """Each value of the type of its key (a forged cursor would make the database refuse the query)."""
    for k, v in zip(keys, values, strict=True):
        try:
            expected = k.expr.type.python_type
        except (NotImplementedError, AttributeError):
            continue
        if v is not None and not isinstance(v, expected) and not (isinstance(v, int) and expected in (float, Decimal)):
            if not (expected is date and isinstance(v, date)):
                raise _invalid()
        if isinstance(v, datetime) and expected is date:
            raise _invalid()


def _beyond(k: Key, v: Any, nulls_largest: bool) -> Any:
    """Rows strictly after `v` on this key alone."""
    c = k.expr
    null_after = nulls_largest != k.descending  # where NULLs sit in this key's direction
    if v is None:
        return c.is_not(None) if not null_after else sa.false()
    past = c < v if k.descending else c > v
    return sa.or_(past, c.is_(None)) if null_after else past


def after(keys: list[Key], values: list[Any], dialect: str) -> Any:
    """(k1, k2, …) after (v1, v2, …) in the order of `keys`: k1 beyond v1, or k1 = v1 and k2 beyond v2, …"""
    nulls_largest = dialect == "postgresql"
    terms = []
    for i, (k, v) in enumerate(zip(keys, values, strict=True)):
        equal = [
            kk.expr.is_(None) if vv is None else kk.expr == vv for kk, vv in zip(keys[:i], values[:i], strict=True)
        ]
        terms.append(sa.and_(*equal, _beyond(k, v, nulls_largest)))
    return sa.or_(*terms)
