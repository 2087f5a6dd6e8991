"""Edit the note of a statement (saved on enter; an empty note removes it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from briefing.tui.screens.dialog import Dialog
from briefing.tui.text import clean, shorten


class NoteScreen(Dialog[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, statement_text: str, note: str | None) -> None:
        super().__init__()
        self.statement_text = statement_text
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Note", "bold"), classes="dialog-title")
            yield Static(Content.styled(shorten(clean(self.statement_text), 400), "italic $text-muted"))
            yield Input(value=self.note, placeholder="your note (enter saves, empty removes, escape cancels)",
                        id="note-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
