"""Composition root of liaison."""

from __future__ import annotations

from pathlib import Path

from qiaolian_chassis.service import ServiceDefinition

from . import api, articles, contacts, exchange, media, programmes, workplan
from .application import LOGISTICS_HANDLERS
from .persistence import chassis, deadlines, metadata, staff


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="liaison",
        title="liaison (宣傳聯絡處)",
        description="Overseas associations and key persons, delegation visits, cultural exchange, "
                    "news review and publishing.",
        metadata=metadata,
        tables=chassis,
        package_dir=Path(__file__).parent,
        routers=[api.router, contacts.router, articles.router, programmes.router, exchange.router, media.router,
                 workplan.router,
                 staff.router("/staff", "liaison's staff (from personnel's events)")],
        handlers={"liaison--logistics": LOGISTICS_HANDLERS, "liaison--staff": staff.handlers()},
        deadlines=deadlines,
    )
