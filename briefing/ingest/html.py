"""Saved web pages: the article's main text and metadata, extracted with trafilatura."""

from __future__ import annotations

import re

from briefing.ingest.decode import bom_encoding, decode_bytes, normalise_newlines
from briefing.ingest.text import LoadError, Parsed, normalise_meta

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB (``<meta charset>`` or an XML declaration)."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def parse_html(data: bytes) -> Parsed:
    """Main text (paragraphs separated by blank lines) and metadata of a saved HTML page."""
    declared = None if bom_encoding(data) else declared_charset(data)
    source, encoding = decode_bytes(data, declared=declared)
    # lxml refuses str input that still carries an encoding declaration.
    source = _XML_DECLARATION.sub("", source, count=1)
    import trafilatura  # noqa: PLC0415 - heavy

    doc = trafilatura.bare_extraction(
        source, include_comments=False, include_tables=False, with_metadata=True, deduplicate=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    paragraphs = [" ".join(line.split()) for line in normalise_newlines(text or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise LoadError("no article text found in HTML")
    meta = normalise_meta({
        "title": getattr(doc, "title", None),
        "outlet": getattr(doc, "sitename", None),
        "published": getattr(doc, "date", None),
        "authors": getattr(doc, "author", None),
        "url": getattr(doc, "url", None),
    })
    return Parsed("\n\n".join(paragraphs), encoding, meta)
