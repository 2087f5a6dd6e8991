"""What did not load, and why: every failed file with its one-line reason, and what was skipped."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing.model import LoadFailure
from briefing.tui.screens.dialog import Dialog
from briefing.tui.text import Hanging, clean


class LoadReportScreen(Dialog[None]):
    BINDINGS = [Binding("escape,q,L", "dismiss", "Close")]

    def __init__(self, failures: Sequence[LoadFailure], skipped: Sequence[LoadFailure]) -> None:
        super().__init__()
        self.failures = list(failures)
        self.skipped = list(skipped)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="load-report"):
            head = (f"{len(self.failures)} not loaded, {len(self.skipped)} skipped"
                    if self.failures or self.skipped else "Every file loaded")
            yield Static(Content.styled(f"Load report: {head} (escape closes)", "bold"), classes="dialog-title")
            for label, rows, style in (("failed ", self.failures, "bold $error"),
                                       ("skipped", self.skipped, "$text-muted")):
                for f in rows:
                    yield Static(Hanging(Content.styled(label, style),
                                         Content.assemble((clean(f.path), "bold"), "\n", clean(f.reason)), 9),
                                 classes="report-row")

    @property
    def text(self) -> str:
        return "\n".join(row.visual.plain for row in self.query(".report-row").results(Static))

    def on_mount(self) -> None:
        self.query_one("#load-report").focus()
