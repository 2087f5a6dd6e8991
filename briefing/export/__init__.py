"""Exports: the cited markdown briefing, JSON (schema ``briefing/v1``), and atomic file writes.

Nothing here imports a UI toolkit or markdown-it: the exporters only produce text. Names are imported
on first use (the app's state files need the atomic writer, not the renderers).
"""

from __future__ import annotations

from briefing.lazy import lazy_exports

_EXPORTS = {
    "SCHEMA": "json", "build_json": "json", "render_json": "json",
    "escape_md": "markdown", "render_markdown": "markdown",
    "ExportError": "atomic", "ExportExists": "atomic", "write_atomic": "atomic", "write_json_atomic": "atomic",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, {name: f"briefing.export.{module}" for name, module in _EXPORTS.items()}, globals())
