"""The Atom 1.0 document (RFC 4287) of the articles published on the website (網上僑聯)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from .tables import Article

FEED_ID = "urn:qiaolian:liaison:articles"
ATOM = "http://www.w3.org/2005/Atom"


def _stamp(d: datetime) -> str:
    return (d if d.tzinfo else d.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def atom_feed(articles: Sequence[Article], self_url: str, now: datetime) -> bytes:
    """The published articles given, newest first, as an Atom feed."""
    ET.register_namespace("", ATOM)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        e = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            e.text = text
        return e

    feed = ET.Element(f"{{{ATOM}}}feed")
    el(feed, "id", FEED_ID)
    el(feed, "title", "網上僑聯 — 湖南省僑聯新聞")
    el(feed, "updated", _stamp(max((a.published_at for a in articles if a.published_at), default=now)))
    el(feed, "link", rel="self", href=self_url)
    author = el(feed, "author")
    el(author, "name", "湖南省歸國華僑聯合會 宣傳聯絡處")
    for a in articles:
        entry = el(feed, "entry")
        el(entry, "id", f"{FEED_ID}:{a.id}")
        el(entry, "title", a.title)
        el(entry, "updated", _stamp(a.published_at or a.updated_at))
        el(entry, "published", _stamp(a.published_at or a.updated_at))
        el(entry, "category", term=a.kind)
        el(entry, "content", a.body, type="text")
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document
