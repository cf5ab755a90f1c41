"""List exports: `GET <list path>/export` beside every list route, answering what the list's filters
select as an .xlsx file (XlsxWriter, row by row in constant memory, into a temporary file that is then
streamed to the client and deleted).

The export calls the list route's own endpoint page by page, so it takes the same filters, needs the
same permission, sees the same rows (a report-and-accusation petition only for its handler) with the
personal fields shaped for the caller's role exactly as the list shapes them, and writes the same
audit rows as the list does (ACCESS.md: an export is a read of everything it contains), under the
action `GET <list path>/export`. Headers are Chinese (`qiaolian_contracts.labels`), and so are the
cells of coded fields (a state, a kind: 已受理, not `accepted`); each such column is followed by one
holding the code itself (`状态代码`), stable for a spreadsheet that filters or looks up by it. An export holds
at most `MAX_ROWS` rows: a larger selection is refused with 422 (narrow the filters) rather than cut
short without the reader noticing."""

from __future__ import annotations

import inspect
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, get_args, get_origin
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.dependencies.utils import get_typed_signature
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse

from qiaolian_contracts.labels import CODED_FIELDS, label, value_label

from .clock import CHINA
from .errors import DomainError
from .http import Page, PageParams

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 100_000
"""The most rows one export holds (XlsxWriter writes them in constant memory; ~1 s per 10 000 rows)."""
CHUNK = 1_000
"""Rows fetched from the list per page while writing."""
SKIPPED = frozenset({"allowed_commands"})


class TooManyRows(DomainError):
    status = 422
    title = "Unprocessable entity"


@dataclass(frozen=True)
class Column:
    path: str  # dotted: "petitioner.phone"
    header: str
    named: bool = False  # a coded field's column: the code's Chinese name rather than the code

    def value(self, row: Any) -> Any:
        v = row
        for part in self.path.split("."):
            if v is None:
                return None
            v = v.get(part) if isinstance(v, dict) else getattr(v, part, None)
        return _named(v) if self.named else v


CODE_SUFFIX = "代码"


def _named(value: Any) -> Any:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return value_label(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str | Enum) for v in value):
        return [_named(v) for v in value]
    return value


def _is_coded(name: str, annotation: Any) -> bool:
    if name in CODED_FIELDS or get_origin(annotation) is Literal:
        return True
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return True
    return any(_is_coded("", a) for a in get_args(annotation) if a is not type(None))


def _columns(path: str, coded: bool) -> list[Column]:
    """A field's column; a coded field's two: its Chinese name, then the code (状态, 状态代码)."""
    if not coded:
        return [Column(path, label(path))]
    return [Column(path, label(path), named=True), Column(path, label(path) + CODE_SUFFIX)]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) is not list else ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg  # Optional[Model]
    return None


def columns_of(model: type[BaseModel]) -> list[Column]:
    """One column per field of a list item, a nested model's fields one level down (信访人·电话)."""
    out: list[Column] = []
    for name, field in model.model_fields.items():
        if name in SKIPPED:
            continue
        nested = _model_of(field.annotation)
        if nested is not None:
            out += [
                Column(f"{name}.{c.path}", label(f"{name}.{c.path}") + c.header.removeprefix(label(c.path)), c.named)
                for c in columns_of(nested)
            ]
        else:
            out += _columns(name, _is_coded(name, field.annotation))
    return out


def columns_of_keys(keys: Iterable[str]) -> list[Column]:
    return [c for k in keys if k not in SKIPPED for c in _columns(k, k.rsplit(".", 1)[-1] in CODED_FIELDS)]


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: Beijing dates and times as text, lists joined by '、'."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return cell(value.value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S") if value.tzinfo else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json"), ensure_ascii=False)
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int | float | Enum) for v in value):
            return "、".join(str(cell(v)) for v in value)
        return json.dumps([v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value], default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class Sheet:
    """An .xlsx file being written: a bold, frozen header row, then rows as they come."""

    def __init__(self, name: str, columns: Sequence[Column]) -> None:
        fd, self.path = tempfile.mkstemp(prefix="qiaolian-export-", suffix=".xlsx")
        os.close(fd)
        import xlsxwriter  # here, not at the top: only an export needs it (0.1 s of CPU at every start)

        self.book = xlsxwriter.Workbook(self.path, {"constant_memory": True, "strings_to_urls": False})
        self.sheet = self.book.add_worksheet(name[:31])
        self.columns = list(columns)
        bold = self.book.add_format({"bold": True})
        for i, c in enumerate(self.columns):
            self.sheet.write_string(0, i, c.header, bold)
            self.sheet.set_column(i, i, max(10, 2 * len(c.header) + 2))
        self.sheet.freeze_panes(1, 0)
        self.rows = 0

    def write(self, rows: Iterable[Any]) -> None:
        for row in rows:
            self.rows += 1
            for i, c in enumerate(self.columns):
                v = cell(c.value(row))
                if v is not None:
                    # text is written as text: a value starting with '=' must never become a formula
                    if isinstance(v, str):
                        self.sheet.write_string(self.rows, i, v)
                    else:
                        self.sheet.write(self.rows, i, v)

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows given as cells already (a report table rather than records)."""
        for row in rows:
            self.rows += 1
            for i, v in enumerate(row):
                v = cell(v)
                if isinstance(v, str):
                    self.sheet.write_string(self.rows, i, v)
                elif v is not None:
                    self.sheet.write(self.rows, i, v)

    def percent(self, column: int) -> None:
        """Show a column of shares (0.85) as percentages (85.0%)."""
        self.sheet.set_column(column, column, 10, self.book.add_format({"num_format": "0.0%"}))

    def response(self, filename: str) -> FileResponse:
        """Close the workbook and stream the file; it is deleted once sent."""
        self.book.close()
        return FileResponse(
            self.path,
            media_type=XLSX,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                "X-Export-Rows": str(self.rows),
            },
            background=BackgroundTask(os.unlink, self.path),
        )

    def discard(self) -> None:
        try:
            self.book.close()
        finally:
            os.unlink(self.path)


def _page_item(response_model: Any) -> Any | None:
    if isinstance(response_model, type) and issubclass(response_model, Page):
        (items,) = get_args(response_model.model_fields["items"].annotation)
        return items
    return None


def _slug(path: str) -> str:
    return "-".join(p for p in path.strip("/").split("/") if not p.startswith("{")) or "export"


def _export_endpoint(route: APIRoute, today: Callable[[], date]) -> Callable[..., Any]:
    item = _page_item(route.response_model)
    model = item if isinstance(item, type) and issubclass(item, BaseModel) else None
    signature = get_typed_signature(route.endpoint)
    params = [p for name, p in signature.parameters.items() if name != "page"]
    slug = _slug(route.path)
    call = route.endpoint

    async def page_of(kwargs: dict[str, Any], offset: int) -> Page[Any]:
        page = PageParams(limit=CHUNK, offset=offset, count=offset == 0)  # counted once, on the first page
        if inspect.iscoroutinefunction(call):
            found: Page[Any] = await call(**kwargs, page=page)
        else:
            found = await run_in_threadpool(call, **kwargs, page=page)
        return found

    async def export(**kwargs: Any) -> FileResponse:
        found = await page_of(kwargs, 0)
        total = found.total if found.total is not None else len(found.items)
        if total > MAX_ROWS:
            raise TooManyRows(
                f"the filters select {total} rows; an export holds at most {MAX_ROWS}: narrow the filters",
                errors=[{"field": "query", "reason": f"more than {MAX_ROWS} rows selected"}],
            )
        first = found.items[0] if found.items else None
        columns = columns_of(model) if model else columns_of_keys(first.keys() if isinstance(first, dict) else [])
        sheet = Sheet(slug, columns)
        try:  # the writing in a thread, so the loop serves other requests between the pages
            await run_in_threadpool(sheet.write, found.items)
            offset = len(found.items)
            while found.items and offset < min(total, MAX_ROWS):
                found = await page_of(kwargs, offset)
                await run_in_threadpool(sheet.write, found.items)
                offset += len(found.items)
        except BaseException:
            sheet.discard()
            raise
        return sheet.response(f"{slug}-{today().isoformat()}.xlsx")

    export.__signature__ = signature.replace(parameters=params, return_annotation=FileResponse)  # type: ignore[attr-defined]
    export.__name__ = f"{route.name}_export"
    return export


def add_list_exports(router: APIRouter, today: Callable[[], date]) -> None:
    """Give every list route of `router` (a GET answering a `Page`, with page parameters) its
    `/export` sibling, placed first so that `/things/export` is not read as `/things/{id}`."""
    added = []
    have = {r.path for r in router.routes if isinstance(r, APIRoute)}  # a router's routes are module-level:
    for route in list(router.routes):  # an app built again (tests) must not add them twice
        included = getattr(route, "original_router", None)  # a router included in this one
        if isinstance(included, APIRouter):
            add_list_exports(included, today)
            continue
        if not (isinstance(route, APIRoute) and "GET" in (route.methods or ()) and _page_item(route.response_model)):
            continue
        if f"{route.path}/export" in have or "page" not in get_typed_signature(route.endpoint).parameters:
            continue
        router.add_api_route(
            route.path.removeprefix(router.prefix) + "/export",
            _export_endpoint(route, today),
            methods=["GET"],
            dependencies=route.dependencies,
            summary=f"{route.summary or route.name} as .xlsx",
            description="What the list's filters select, as an Excel file with Chinese headers (at most "
            f"{MAX_ROWS} rows, else 422); personal fields shaped for the role as in the list, audited as read.",
            tags=route.tags,
            response_class=FileResponse,
            responses={200: {"content": {XLSX: {}}, "description": "the .xlsx file"}},
        )
        added.append(router.routes.pop())
    router.routes[:0] = added
