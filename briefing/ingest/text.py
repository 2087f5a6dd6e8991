"""Plain-text articles, and the helpers every loader shares.

The helpers normalise metadata values the same way whatever their origin (front matter, HTML,
a feed, a sidecar): dates to ISO 8601 strings, authors to a list of names, text fields to one
stripped line. :func:`html_fragment_to_text` turns a fragment of HTML (a feed entry's content)
into plain paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import field

from briefing.dataclass_lite import lite_dataclass
from briefing.ingest.decode import decode_bytes, normalise_newlines

META_FIELDS = ("title", "outlet", "published", "authors", "url")
"""The metadata fields a loader may know, in display order."""


class LoadError(Exception):
    """A file that cannot be loaded; ``str(error)`` is the one-line reason shown to the user."""


@lite_dataclass(frozen=False)
class Parsed:
    """What a loader makes of one file (or one feed entry)."""

    text: str
    encoding: str
    meta: dict = field(default_factory=dict)
    """Normalised metadata from the file itself; only known fields."""


def parse_text(data: bytes) -> Parsed:
    """A plain-text article: the whole decoded file, newlines normalised."""
    text, encoding = decode_bytes(data)
    return Parsed(normalise_newlines(text), encoding)


# ---------------------------------------------------------------------------------------------
# Metadata normalisation


def one_line(value: object) -> str | None:
    """A metadata value as one stripped line of text; None when empty or not a scalar."""
    if value is None or isinstance(value, (dict, list, tuple, set, bytes)):
        return None
    text = " ".join(str(value).split())
    return text or None


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y.%m.%d")


def iso_date(value: object) -> str | None:
    """A date or datetime (object, ``time.struct_time`` or string) as an ISO 8601 string.

    Dates give ``YYYY-MM-DD``; datetimes give the full ISO form with their offset, except a naive
    midnight, which is taken for a plain date. Unparseable values give None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        try:
            return dt.datetime(*value[:6], tzinfo=dt.timezone.utc).isoformat()
        except ValueError:
            return None
    text = one_line(value)
    if not text or isinstance(value, (int, float)):
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return iso_date(dt.datetime.fromisoformat(text))
    except ValueError:
        pass
    import email.utils  # noqa: PLC0415 - only for a date no format above read

    try:
        parsed = email.utils.parsedate_to_datetime(text)  # RFC 822, as in RSS
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.isoformat()
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|\||\n|\s&\s|\s+and\s+)\s*", re.I)
_BY = re.compile(r"^by[:\s]\s*", re.I)


def split_authors(value: object) -> list[str]:
    """Author names from a string ("A; B", "A and B", "By A, B C") or a list of them."""
    items = value if isinstance(value, (list, tuple)) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):  # {"name": ...} as some front matter has it
            item = item.get("name")
        text = one_line(item) if not isinstance(item, str) else item
        if not text:
            continue
        for part in _AUTHOR_SEPARATORS.split(_BY.sub("", text.strip())):
            pieces = [p.strip() for p in part.split(",")]
            # "Priya Raman, Tom Ellery" is two people; "Raman, Priya" is one.
            if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
                candidates = pieces
            else:
                candidates = [part]
            for name in candidates:
                name = " ".join(_BY.sub("", name).split()).strip(" ,.")
                if name and name not in names:
                    names.append(name)
    return names


def normalise_meta(raw: dict) -> dict:
    """Metadata with canonical field names mapped to normalised values; unknown or empty fields dropped."""
    meta: dict = {}
    for key in META_FIELDS:
        value = raw.get(key)
        if key == "published":
            value = iso_date(value)
        elif key == "authors":
            value = split_authors(value) if value else None
        else:
            value = one_line(value)
        if value:
            meta[key] = value
    return meta


# ---------------------------------------------------------------------------------------------
# HTML fragments


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_SKIP_TAGS = frozenset("script style noscript template iframe object embed svg head title form button".split())


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block (``<p>``, ``<br>``, ``<li>``…), blank lines between."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment and "&" not in fragment:
        return plain_paragraphs(fragment)
    import lxml.html  # noqa: PLC0415 - only needed for HTML

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types for hopeless markup
        return plain_paragraphs(re.sub(r"<[^>]*>", " ", fragment))
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        local = tag.rsplit("}", 1)[-1].lower() if tag else None
        if local in _SKIP_TAGS or tag is None:
            pass  # comments, processing instructions and scripts contribute nothing but their tail
        else:
            block = local in _BLOCK_TAGS
            if block:
                flush()
            if el.text:
                current.append(el.text)
            for child in el:
                walk(child)
            if block:
                flush()
        if el.tail:
            current.append(el.tail)

    walk(root)
    flush()
    return "\n\n".join(paragraphs)


def plain_paragraphs(text: str) -> str:
    blocks = re.split(r"\n\s*\n", normalise_newlines(text))
    return "\n\n".join(p for p in (" ".join(b.split()) for b in blocks) if p)
