"""Exports: the cited markdown briefing, JSON (schema ``briefing/v1``), and atomic file writes.

Nothing here imports a UI toolkit or markdown-it: the exporters only produce text.
"""

from __future__ import annotations

from briefing.export.atomic import ExportError, ExportExists, write_atomic, write_json_atomic
from briefing.export.json import SCHEMA, build_json, render_json
from briefing.export.markdown import escape_md, render_markdown

__all__ = [
    "SCHEMA",
    "ExportError",
    "ExportExists",
    "build_json",
    "escape_md",
    "render_json",
    "render_markdown",
    "write_atomic",
    "write_json_atomic",
]
