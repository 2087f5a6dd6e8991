"""Modal screens: help, search, speakers, export, filter, note editor, load report and a yes/no
confirmation. Each is imported when first used (the app's first frame needs none of them)."""

from __future__ import annotations

_EXPORTS = {
    "ConfirmScreen": "confirm", "ExportRequest": "export", "ExportScreen": "export", "FilterRequest": "filter",
    "FilterScreen": "filter", "HelpScreen": "help", "LoadReportScreen": "load_report", "NoteScreen": "note",
    "SearchScreen": "search", "SpeakersScreen": "speakers",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing.tui.screens' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(f"briefing.tui.screens.{module}"), name)
    globals()[name] = value
    return value
