"""Modal screens: help, search, speakers, export, note editor, load report and a yes/no confirmation."""

from briefing.tui.screens.confirm import ConfirmScreen
from briefing.tui.screens.export import ExportRequest, ExportScreen
from briefing.tui.screens.help import HelpScreen
from briefing.tui.screens.load_report import LoadReportScreen
from briefing.tui.screens.note import NoteScreen
from briefing.tui.screens.search import SearchScreen
from briefing.tui.screens.speakers import SpeakersScreen

__all__ = ["ConfirmScreen", "ExportRequest", "ExportScreen", "HelpScreen", "LoadReportScreen", "NoteScreen", "SearchScreen", "SpeakersScreen"]
