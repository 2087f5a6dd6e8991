"""Markdown articles with optional front matter (YAML between ``---`` lines, via python-frontmatter)."""

from __future__ import annotations

from briefing.ingest.decode import decode_bytes, normalise_newlines
from briefing.ingest.text import LoadError, Parsed, normalise_meta

# Front-matter keys for each metadata field, most specific first.
FRONT_MATTER_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publication", "site", "publisher", "site_name", "sitename"),
    "published": ("published", "date", "pubdate", "published_at", "datetime"),
    "authors": ("authors", "author", "byline"),
    "url": ("url", "link", "canonical_url", "canonical"),
}


def parse_markdown(data: bytes) -> Parsed:
    """The body after the front matter, with the front matter's metadata."""
    text, encoding = decode_bytes(data)
    text = normalise_newlines(text)
    import frontmatter  # noqa: PLC0415 - imports PyYAML

    try:
        metadata, body = frontmatter.parse(text)
    except Exception as exc:  # noqa: BLE001 - YAML, TOML and JSON handlers raise their own errors
        raise LoadError(f"malformed front matter: {_error_line(exc)}") from None
    if not body.strip():
        raise LoadError("no article text after the front matter")
    return Parsed(body, encoding, normalise_meta(pick_fields(metadata)))


def pick_fields(metadata: dict) -> dict:
    """Canonical fields from a mapping that may use any of the keys in :data:`FRONT_MATTER_KEYS`."""
    lowered = {str(k).lower(): v for k, v in metadata.items()} if isinstance(metadata, dict) else {}
    picked: dict = {}
    for name, keys in FRONT_MATTER_KEYS.items():
        for key in keys:
            if lowered.get(key) not in (None, "", [], {}):
                picked[name] = lowered[key]
                break
    return picked


def _error_line(exc: Exception) -> str:
    """One line for a parser error: PyYAML's problem and line, else the message's first line."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem:
        # The front matter text starts on the line of the opening "---", so mark lines are file lines - 1.
        return f"{problem} (line {mark.line + 1})" if mark is not None else str(problem)
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
