"""RSS, Atom and RDF feeds (via feedparser): each entry becomes one document."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from briefing.ingest.decode import bom_encoding, codec_name
from briefing.ingest.text import (
    LoadError, html_fragment_to_text, iso_date, normalise_meta, one_line, plain_paragraphs, split_authors,
)

FEED_SUFFIXES = (".xml", ".rss", ".atom")

_PROLOG = re.compile(
    r"""\A\s*(?:<\?xml[^>]*\?>\s*|<\?xml-stylesheet[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*""",
    re.S | re.I,
)
_FEED_ROOT = re.compile(r"<(?:[\w-]+:)?(?:rss|feed|RDF)\b", re.I)
_HTML_TYPES = ("html", "xhtml")
_RSS_AUTHOR = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")  # "desk@example.com (Jane Doe)"
_NAME_EMAIL = re.compile(r"^\s*(?P<name>[^<]+?)\s*<[^>]*@[^>]*>\s*$")  # "Jane Doe <jane@example.com>"


@dataclass
class FeedEntry:
    """One entry of a feed: its position (from 1), its plain text ("" when it has none) and metadata."""

    number: int
    text: str
    meta: dict = field(default_factory=dict)


@dataclass
class ParsedFeed:
    encoding: str
    entries: list[FeedEntry]


def looks_like_feed(data: bytes) -> bool:
    """Whether the first non-blank markup of ``data`` is an RSS, Atom or RDF root element."""
    head = data[:4096]
    encoding = bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        text = head.decode(encoding, errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    prolog = _PROLOG.match(text)
    return bool(_FEED_ROOT.match(text, prolog.end() if prolog else 0))


def parse_feed(data: bytes) -> ParsedFeed:
    """Parse a feed; raise :class:`LoadError` (with feedparser's reason) when it has no entries."""
    import feedparser  # noqa: PLC0415 - heavy

    # A stream, never bytes or str: feedparser would take a short string for a file name or URL.
    result = feedparser.parse(io.BytesIO(data))
    if not result.entries:
        raise LoadError(_no_entries_reason(result))
    outlet = one_line(_plain(result.feed.get("title_detail"), result.feed.get("title")))
    entries = [_entry(n, entry, outlet) for n, entry in enumerate(result.entries, start=1)]
    if not result.get("version") and not any(e.text for e in entries):
        # feedparser found item-like elements in some other XML document
        raise LoadError(_no_entries_reason(result))
    return ParsedFeed(codec_name(result.get("encoding") or "utf-8"), entries)


def _no_entries_reason(result) -> str:
    exc = result.get("bozo_exception") if result.get("bozo") else None
    if exc is not None:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        detail = lines[0] if lines else type(exc).__name__
        return f"no entries in feed: {detail}"
    if not result.get("version"):
        return "no entries in feed: not an RSS, Atom or RDF feed"
    return "no entries in feed"


def _plain(detail, value: str | None) -> str | None:
    """A text construct (title) as plain text, whatever its declared type."""
    if not value:
        return None
    kind = (detail or {}).get("type", "") if isinstance(detail, dict) else ""
    if any(t in kind for t in _HTML_TYPES):
        return html_fragment_to_text(value).replace("\n\n", " ")
    return value


def _body(entry) -> str:
    """An entry's content (the first non-empty, HTML preferred), else its summary, as plain text."""
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    contents.sort(key=lambda c: not any(t in (c.get("type") or "") for t in _HTML_TYPES))
    candidates = [(c.get("value"), c.get("type") or "text/html") for c in contents]
    summary_type = (entry.get("summary_detail") or {}).get("type") or "text/html"
    candidates.append((entry.get("summary"), summary_type))
    for value, kind in candidates:
        if not value:
            continue
        is_html = any(t in kind for t in _HTML_TYPES)
        text = html_fragment_to_text(value) if is_html else plain_paragraphs(value)
        if text:
            return text
    return ""


def _authors(entry) -> list[str]:
    listed = [a.get("name") for a in entry.get("authors", []) if isinstance(a, dict) and a.get("name")]
    if len(listed) > 1:  # Atom: several <author> elements
        return split_authors(listed)
    raw = entry.get("author") or (listed[0] if listed else None)
    if not raw:
        return []
    if m := (_RSS_AUTHOR.match(raw) or _NAME_EMAIL.match(raw)):
        raw = m.group("name")
    elif re.fullmatch(r"\s*\S+@\S+\s*", raw):
        return []  # an e-mail address alone names nobody
    return split_authors(raw)


def _entry(number: int, entry, outlet: str | None) -> FeedEntry:
    published = None
    for key in ("published", "updated", "created"):
        published = iso_date(entry.get(key))
        if published:
            break
        published = iso_date(entry.get(f"{key}_parsed"))
        if published:
            break
    meta = normalise_meta({
        "title": _plain(entry.get("title_detail"), entry.get("title")),
        "outlet": outlet,
        "published": published,
        "authors": _authors(entry),
        "url": entry.get("link"),
    })
    return FeedEntry(number, _body(entry), meta)
