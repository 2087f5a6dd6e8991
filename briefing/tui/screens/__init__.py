"""Modal screens: help, search, speakers, export, filter, note editor, load report and a yes/no
confirmation. Each is imported when first used (the app's first frame needs none of them)."""

from __future__ import annotations

from briefing.lazy import lazy_exports

_EXPORTS = {
    "ConfirmScreen": "confirm", "ExportRequest": "export", "ExportScreen": "export", "FilterRequest": "filter",
    "FilterScreen": "filter", "HelpScreen": "help", "LoadReportScreen": "load_report", "NoteScreen": "note",
    "SearchScreen": "search", "SpeakersScreen": "speakers",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, {name: f"briefing.tui.screens.{module}" for name, module in _EXPORTS.items()}, globals())
