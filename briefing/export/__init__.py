"""Exports: the cited markdown briefing, JSON (schema ``briefing/v1``), and atomic file writes.

Nothing here imports a UI toolkit or markdown-it: the exporters only produce text. Names are imported
on first use (the app's state files need the atomic writer, not the renderers).
"""

from __future__ import annotations

_EXPORTS = {
    "SCHEMA": "json", "build_json": "json", "render_json": "json",
    "escape_md": "markdown", "render_markdown": "markdown",
    "ExportError": "atomic", "ExportExists": "atomic", "write_atomic": "atomic", "write_json_atomic": "atomic",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing.export' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(f"briefing.export.{module}"), name)
    globals()[name] = value
    return value
