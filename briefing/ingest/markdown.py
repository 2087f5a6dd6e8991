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
    text = markdown_to_text(body)
    if not text.strip():
        raise LoadError("no article text in the markdown (only code, HTML or tables)")
    return Parsed(text, encoding, normalise_meta(pick_fields(metadata)))


# Blocks that are markup or code, not an article's prose.
_SKIPPED_BLOCKS = {"fence", "code_block", "html_block", "hr"}


def markdown_to_text(body: str) -> str:
    """The article's text without markdown syntax: one paragraph per block (headings, paragraphs,
    list items, quotations, footnotes, table rows), separated by blank lines.

    Links keep their text, images their alt text, inline code its content; footnote markers,
    code blocks and raw HTML blocks go. Nothing is interpreted beyond that: an inline ``<script>``
    or a ``[bold]`` stays as the characters it is.
    """
    from markdown_it import MarkdownIt  # noqa: PLC0415
    from mdit_py_plugins.footnote import footnote_plugin  # noqa: PLC0415

    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
    blocks: list[str] = []
    row: list[str] | None = None
    for token in md.parse(body):
        if token.type in _SKIPPED_BLOCKS:
            continue
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            cells = [c for c in row if c]
            if cells:
                blocks.append(" · ".join(cells))
            row = None
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text)
            elif text:
                blocks.append(text)
    return "\n\n".join(blocks)


def _inline_text(children) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return " ".join("".join(parts).split())


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
